@testable import ArchlintRules
import Testing

/// The errors a one-rule pack around `check` loads with, as `line:column: message`.
private func errors(_ check: String, parameters: String = "") -> [String] {
    pack(rule(parameters: parameters, check)).errors.map { "\($0.location.line):\($0.location.column): \($0.message)" }
}

@Suite("Rule packs are checked against the spec format when they load")
struct PackSchemaTests {
    @Test("an attribute typo is a located error with the attribute meant")
    func attributeTypo() {
        let found = errors(
            """
            check:
              select: service
              require: {path: desired_cout, gte: 2}
              message: "{name} runs {desired_count} tasks"
            """)
        #expect(found == ["11:23: bad path 'desired_cout': a service has no attribute 'desired_cout'; did you mean 'desired_count'?"])
    }

    @Test("a message placeholder typo is a located error too")
    func placeholderTypo() {
        let found = errors(
            """
            check:
              select: service
              require: {path: desired_count, gte: 2}
              message: "{name} runs {desired_cout} tasks"
            """)
        #expect(found == ["12:16: message placeholder '{desired_cout}': a service has no attribute 'desired_cout'; did you mean 'desired_count'?"])
    }

    @Test("with nothing close, the error lists what the mapping has")
    func noSuggestion() {
        let found = errors("check:\n  select: queue\n  require: {path: zzzzzz, exists: true}\n  message: m")
        #expect(found == ["11:23: bad path 'zzzzzz': a queue has no attribute 'zzzzzz'; it has name, description, tags, waivers, encryption, dead_letter_queue"])
    }

    @Test("steps that can reach nothing: a reference read without '->', '->' on a plain value, a missing holder")
    func impossibleSteps() {
        #expect(
            errors("check:\n  select: database\n  forbid: {path: subnets.tier, equals: public}\n  message: m")
                == ["11:22: bad path 'subnets.tier': 'subnets' names a subnet; follow it with '->' to read its 'tier'"])
        #expect(
            errors("check:\n  select: database\n  forbid: {path: engine->name, exists: true}\n  message: m")
                == ["11:22: bad path 'engine->name': '->' follows a reference, but 'engine' is a plain value"])
        #expect(
            errors("check:\n  select: database\n  forbid: {path: port.size, exists: true}\n  message: m")
                == ["11:22: bad path 'port.size': 'port' is a plain value, with no attribute 'size'"])
        #expect(
            errors("check:\n  select: database\n  forbid: {path: parent.cidr, exists: true}\n  message: m")
                == ["11:22: bad path 'parent.cidr': 'parent': a database is not held by another mapping"])
    }

    @Test("reverse references: only from a resource, and only from kinds that can name it")
    func referrers() {
        #expect(
            errors("check:\n  select: database\n  forbid: {path: <-load_balancer, count_gt: 0}\n  message: m")
                == ["11:22: bad path '<-load_balancer': '<-load_balancer' can find nothing: a load balancer never names a database"])
        #expect(
            errors("check:\n  select: load_balancer.listeners\n  forbid: {path: <-service, count_gt: 0}\n  message: m")
                == ["11:22: bad path '<-service': '<-service' finds the resources that name a resource, but the value is a listener, not a resource"])
        // From the listener's load balancer it works; so does <-* from anything that is a resource.
        #expect(
            errors("check:\n  select: security_group.ingress\n  forbid: {path: \"parent<-database.name\", exists: true}\n  message: \"{parent<-database.name} {<-*.name}\"")
                == ["12:16: message placeholder '{<-*.name}': '<-*' finds the resources that name a resource, but the value is an ingress rule, not a resource"])
    }

    @Test("filters: the key must exist, and a closed set of words must hold the value")
    func filters() {
        #expect(
            errors("check:\n  select: network\n  forbid: {path: \"subnets[tier=privte].zone\", count_gt: 1}\n  message: m")
                == ["11:22: bad path 'subnets[tier=privte].zone': '[tier=privte]' keeps nothing: 'tier' is one of public, private, database; did you mean 'private'?"])
        #expect(
            errors("check:\n  select: network\n  forbid: {path: \"subnets[teir=private]\", count_gt: 1}\n  message: m")
                == ["11:22: bad path 'subnets[teir=private]': '[teir=private]': a subnet has no attribute 'teir'; did you mean 'tier'?"])
    }

    @Test("paths inside quantifiers start at each value; operand paths, 'at', the selection and parameters are checked")
    func everyPlace() {
        #expect(
            errors(
                """
                check:
                  select: load_balancer
                  forbid:
                    path: listeners
                    some: {path: protocl, equals: HTTP}
                  message: m
                """) == ["13:22: bad path 'protocl': a listener has no attribute 'protocl'; did you mean 'protocol'?"])
        #expect(
            errors("check:\n  select: load_balancer.listners\n  forbid: {path: port, equals: 80}\n  message: m")
                == ["10:15: bad path 'listners': a load balancer has no attribute 'listners'; did you mean 'listeners'?"])
        #expect(
            errors("check:\n  select: subnet\n  forbid: {path: zone, not_in: {path: parent.nat_gateway.subnet->zone}}\n  message: m")
                == ["11:43: bad path 'parent.nat_gateway.subnet->zone': a network has no attribute 'nat_gateway'; did you mean 'nat_gateways'?"])
        #expect(
            errors("check:\n  select: database\n  forbid: {path: encrypted, is_false: true}\n  at: encryptd\n  message: m")
                == ["12:11: bad path 'encryptd': a database has no attribute 'encryptd'; did you mean 'encrypted'?"])
        #expect(
            errors(
                "check:\n  select: database\n  forbid: {path: $param.max_day, lt: 3}\n  message: m",
                parameters: "max_days: {default: 3, description: d}")
                == ["13:22: bad path '$param.max_day': the rule has no parameter 'max_day'; did you mean 'max_days'?"])
    }

    @Test("a check over several kinds may read what only some have, but not what none has")
    func severalKinds() {
        #expect(
            errors(
                "check:\n  select: [database, cache, external]\n  forbid: {any: [{path: master_password, exists: true}, {path: auth_token, exists: true}]}\n  message: \"{auth_token}\""
            ).isEmpty)
        #expect(
            errors("check:\n  select: [database, cache]\n  forbid: {path: auth_tokn, exists: true}\n  message: m")
                == ["11:22: bad path 'auth_tokn': a cache has no attribute 'auth_tokn'; did you mean 'auth_token'?"])
    }

    @Test("every kind of step the format allows is accepted")
    func accepted() {
        let checks = [
            // Through a reference to a subnet, out to its network, into nested NAT gateways.
            "select: service\n  forbid: {path: subnets->, some: {all: [{path: parent.nat_gateways.subnet->zone, exists: true}, {path: parent.endpoints, contains: s3}]}}",
            // Reverse references from the holder of a selected item.
            "select: security_group.ingress\n  forbid: {path: \"parent<-database\", count_gt: 0}",
            // Entries of maps whose keys the user chooses, and a secret binding's reference.
            "select: service.environment\n  forbid: {path: key, matches: PASS}",
            "select: service\n  forbid: {path: secrets, some: {path: value->rotation_days, absent: true}}",
            "select: bucket\n  forbid: {path: tags.value, equals: x}",
            // Derived attributes, $resource inside a quantifier, $environment and $stack.
            "select: service\n  forbid: {path: minimum_task_count, lt: 2}",
            "select: database\n  forbid: {path: security_groups->ingress, some: {path: ports, port_range_covers: {path: $resource.port}}}",
            "select: database\n  forbid: {all: [{path: $environment, equals: production}, {path: $stack, equals: x}]}",
            // Free-form mappings: any key below them.
            "select: role.statements\n  forbid: {path: condition.StringEquals.anything, exists: true}",
            // Plain strings of a list, and a filtered list of nested records.
            "select: user_pool.callback_urls\n  forbid: {path: ., matches: '^http:'}",
            "select: network\n  forbid: {path: \"subnets[tier=private].zone\", distinct_count_lt: 2}",
        ]
        for check in checks {
            #expect(errors("check:\n  \(check)\n  message: \"{name} {kind} {resource} {value}\"").isEmpty, "\(check)")
        }
    }
}
