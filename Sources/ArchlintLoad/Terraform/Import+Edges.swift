import ArchlintModel

/// What faces users: APIs (`aws_api_gateway_rest_api`, `aws_apigatewayv2_api` with their
/// methods, routes and stages), user pools (`aws_cognito_user_pool` and its clients),
/// frontends (`aws_cloudfront_distribution`, `aws_amplify_app`) and DNS zones
/// (`aws_route53_zone` with its records).
extension ImportContext {
    mutating func importEdges() {
        importRestApis()
        importHttpApis()
        importUserPools()
        importFrontends()
        importDnsZones()
        let parts = [
            "aws_api_gateway_method", "aws_api_gateway_stage", "aws_api_gateway_method_settings", "aws_api_gateway_resource",
            "aws_api_gateway_deployment", "aws_api_gateway_integration", "aws_api_gateway_authorizer", "aws_apigatewayv2_route",
            "aws_apigatewayv2_stage", "aws_apigatewayv2_integration", "aws_apigatewayv2_authorizer",
        ]
        for part in parts.flatMap({ resources($0) }) where owner(of: part.address) == nil { skip(part, NotImportedResource.noOwner) }
    }

    /// Resources of `types` whose `key` names one of `owners` (by address), grouped by owner.
    private func children(_ types: [String], _ key: String, of ownerTypes: Set<String>) -> [(PlanResource, PlanResource)] {
        types.flatMap { resources($0) }.compactMap { child in targets(of: child, key, types: ownerTypes).first.map { ($0, child) } }
    }

    /// The weakest of the ways an API's methods authenticate: what an anonymous caller meets.
    private static func weakest(_ modes: [ApiAuth]) -> ApiAuth? {
        let order: [ApiAuth] = [.none, .apiKey, .lambda, .cognito, .iam]
        return order.first { modes.contains($0) }
    }

    private static func apiAuth(_ authorization: String?, apiKeyRequired: Bool) -> ApiAuth? {
        switch authorization?.uppercased() {
        case "NONE"?: return apiKeyRequired ? .apiKey : ApiAuth.none
        case "AWS_IAM"?: return .iam
        case "COGNITO_USER_POOLS"?, "JWT"?: return .cognito
        case "CUSTOM"?: return .lambda
        default: return nil
        }
    }

    private mutating func importRestApis() {
        let apis = resources("aws_api_gateway_rest_api")
        let names = uniqueNames(apis, nameKeys: ["name"])
        let apiTypes: Set<String> = ["aws_api_gateway_rest_api"]
        let members = children(
            [
                "aws_api_gateway_method", "aws_api_gateway_stage", "aws_api_gateway_method_settings", "aws_api_gateway_resource", "aws_api_gateway_deployment",
                "aws_api_gateway_integration", "aws_api_gateway_authorizer",
            ],
            "rest_api_id", of: apiTypes)
        for (resource, name) in zip(apis, names) {
            let key = ResourceKey(.api, name)
            var api = Api()
            api.common.name = fromPlan(name)
            api.type = fromPlan(.rest)
            recordImport(resource, as: key)
            var modes: [ApiAuth] = []
            for (owner, member) in members where owner.address == resource.address {
                switch member.type {
                case "aws_api_gateway_method":
                    if let mode = Self.apiAuth(member["authorization"]?.string, apiKeyRequired: member["api_key_required"]?.bool == true) {
                        modes.append(mode)
                    }
                case "aws_api_gateway_method_settings":
                    if let settings = member["settings"]?.array?.first {
                        applyThrottle(rate: settings["throttling_rate_limit"], burst: settings["throttling_burst_limit"], to: &api)
                        if let level = settings["logging_level"]?.string { api.logging = fromPlan(level != "OFF") }
                    }
                case "aws_api_gateway_stage":
                    if let logs = member["access_log_settings"]?.array, !logs.isEmpty { api.logging = fromPlan(true) }
                default:
                    break
                }
                merged(member, into: key)
            }
            api.auth = Self.weakest(modes).map { fromPlan($0) }
            spec.apis.append(api)
        }
    }

    private func applyThrottle(rate: PlanValue?, burst: PlanValue?, to api: inout Api) {
        guard let rate = rate?.number, rate >= 0 else { return }
        var throttle = api.throttle ?? Throttle()
        throttle.rate = fromPlan(rate)
        throttle.burst = burst?.int.flatMap { $0 >= 0 ? fromPlan($0) : nil }
        api.throttle = throttle
    }

    private mutating func importHttpApis() {
        let apis = resources("aws_apigatewayv2_api")
        let names = uniqueNames(apis, nameKeys: ["name"], taken: Set(spec.apis.map(\.name)))
        let members = children(
            ["aws_apigatewayv2_route", "aws_apigatewayv2_stage", "aws_apigatewayv2_integration", "aws_apigatewayv2_authorizer"], "api_id", of: ["aws_apigatewayv2_api"])
        for (resource, name) in zip(apis, names) {
            let key = ResourceKey(.api, name)
            var api = Api()
            api.common.name = fromPlan(name)
            api.type = fromPlan(resource["protocol_type"]?.string == "WEBSOCKET" ? .websocket : .http)
            for origin in resource["cors_configuration"]?.array?.first?["allow_origins"]?.strings ?? [] { api.corsOrigins.append(fromPlan(origin)) }
            recordImport(resource, as: key)
            var modes: [ApiAuth] = []
            for (owner, member) in members where owner.address == resource.address {
                switch member.type {
                case "aws_apigatewayv2_route":
                    if let mode = Self.apiAuth(member["authorization_type"]?.string ?? "NONE", apiKeyRequired: member["api_key_required"]?.bool == true) {
                        modes.append(mode)
                    }
                    if let routeKey = member["route_key"]?.string {
                        let parts = routeKey.split(separator: " ", maxSplits: 1)
                        var route = ApiRoute()
                        if parts.count == 2 {
                            route.method = fromPlan(String(parts[0]))
                            route.path = fromPlan(String(parts[1]))
                        } else {
                            route.path = fromPlan(routeKey)
                        }
                        api.routes.append(route)
                    }
                case "aws_apigatewayv2_stage":
                    if let settings = member["default_route_settings"]?.array?.first {
                        applyThrottle(rate: settings["throttling_rate_limit"], burst: settings["throttling_burst_limit"], to: &api)
                    }
                    if let logs = member["access_log_settings"]?.array, !logs.isEmpty { api.logging = fromPlan(true) }
                default:
                    break
                }
                merged(member, into: key)
            }
            api.auth = Self.weakest(modes).map { fromPlan($0) }
            spec.apis.append(api)
        }
    }

    private mutating func importUserPools() {
        let pools = resources("aws_cognito_user_pool")
        let names = uniqueNames(pools, nameKeys: ["name"])
        for (resource, name) in zip(pools, names) {
            var pool = UserPool()
            pool.common.name = fromPlan(name)
            switch resource["mfa_configuration"]?.string {
            case "ON"?: pool.mfa = fromPlan(.required)
            case "OPTIONAL"?: pool.mfa = fromPlan(.optional)
            case "OFF"?: pool.mfa = fromPlan(.off)
            default: break
            }
            if let policy = resource["password_policy"]?.array?.first {
                var passwordPolicy = PasswordPolicy()
                passwordPolicy.minLength = policy["minimum_length"]?.int.map { fromPlan($0) }
                passwordPolicy.requireLowercase = policy["require_lowercase"]?.bool.map { fromPlan($0) }
                passwordPolicy.requireUppercase = policy["require_uppercase"]?.bool.map { fromPlan($0) }
                passwordPolicy.requireNumbers = policy["require_numbers"]?.bool.map { fromPlan($0) }
                passwordPolicy.requireSymbols = policy["require_symbols"]?.bool.map { fromPlan($0) }
                pool.passwordPolicy = passwordPolicy
            }
            switch resource["user_pool_add_ons"]?.array?.first?["advanced_security_mode"]?.string {
            case "ENFORCED"?: pool.advancedSecurity = fromPlan(.enforced)
            case "AUDIT"?: pool.advancedSecurity = fromPlan(.audit)
            case "OFF"?: pool.advancedSecurity = fromPlan(.off)
            default: break
            }
            for (trigger, value) in resource["lambda_config"]?.array?.first?.object?.entries ?? [] where value.string != nil {
                pool.triggers.append(fromPlan(trigger))
            }
            spec.userPools.append(pool)
            recordImport(resource, as: ResourceKey(.userPool, name))
        }
        for client in resources("aws_cognito_user_pool_client", "aws_cognito_user_pool_domain") {
            guard let pool = targets(of: client, "user_pool_id", types: ["aws_cognito_user_pool"]).first, let key = owner(of: pool.address),
                let index = spec.userPools.firstIndex(where: { $0.name == key.name })
            else {
                skip(client, NotImportedResource.noOwner)
                continue
            }
            for flow in client["allowed_oauth_flows"]?.strings ?? [] {
                if let oauthFlow = OAuthFlow(rawValue: flow), !spec.userPools[index].oauthFlows.contains(where: { $0.value == oauthFlow }) {
                    spec.userPools[index].oauthFlows.append(fromPlan(oauthFlow))
                }
            }
            for url in client["callback_urls"]?.strings ?? [] where !spec.userPools[index].callbackUrls.contains(where: { $0.value == url }) {
                spec.userPools[index].callbackUrls.append(fromPlan(url))
            }
            merged(client, into: key)
        }
    }

    private mutating func importFrontends() {
        let distributions = resources("aws_cloudfront_distribution")
        let apps = resources("aws_amplify_app")
        let names = uniqueNames(distributions + apps, nameKeys: ["name"])
        for (resource, name) in zip(distributions + apps, names) {
            var frontend = Frontend()
            frontend.common.name = fromPlan(name)
            if resource.type == "aws_cloudfront_distribution" {
                frontend.provider = fromPlan(.cloudfront)
                frontend.domain = resource["aliases"]?.strings.first.map { fromPlan($0) }
                if let policy = resource["default_cache_behavior"]?.array?.first?["viewer_protocol_policy"]?.string {
                    frontend.httpsOnly = fromPlan(policy == "redirect-to-https" || policy == "https-only")
                }
                if let certificate = resource["viewer_certificate"]?.array?.first?["acm_certificate_arn"]?.string, !certificate.isEmpty {
                    frontend.certificate = fromPlan(certificate)
                }
            } else {
                frontend.provider = fromPlan(.amplify)
            }
            spec.frontends.append(frontend)
            recordImport(resource, as: ResourceKey(.frontend, name))
        }
        for association in resources("aws_amplify_domain_association", "aws_amplify_branch") {
            guard let app = targets(of: association, "app_id", types: ["aws_amplify_app"]).first, let key = owner(of: app.address),
                let index = spec.frontends.firstIndex(where: { $0.name == key.name })
            else {
                skip(association, NotImportedResource.noOwner)
                continue
            }
            if let domain = association["domain_name"]?.string { spec.frontends[index].domain = fromPlan(domain) }
            merged(association, into: key)
        }
    }

    private mutating func importDnsZones() {
        let zones = resources("aws_route53_zone")
        let names = uniqueNames(zones, nameKeys: ["name"])
        for (resource, name) in zip(zones, names) {
            var zone = DnsZone()
            zone.common.name = fromPlan(name)
            if let networks = resource["vpc"]?.array { zone.private = fromPlan(!networks.isEmpty) }
            spec.dnsZones.append(zone)
            recordImport(resource, as: ResourceKey(.dnsZone, name))
        }
        for record in resources("aws_route53_record") {
            guard let zoneResource = targets(of: record, "zone_id", types: ["aws_route53_zone"]).first, let key = owner(of: zoneResource.address),
                let index = spec.dnsZones.firstIndex(where: { $0.name == key.name }), let recordName = record["name"]?.string
            else {
                skip(record, NotImportedResource.noOwner)
                continue
            }
            var written = DnsRecord()
            written.name = fromPlan(recordName)
            written.type = record["type"]?.string.map { fromPlan($0) }
            written.target = (record["records"]?.strings.first ?? record["alias"]?.array?.first?["name"]?.string).map { fromPlan($0) }
            spec.dnsZones[index].records.append(written)
            merged(record, into: key)
        }
    }
}
