// Rule packs arrive with the rule-packs issue.
