/// A `scipy.stats` distribution with validated params, as the `scipy` and
/// `bernoulli_mixture` samplers name it (`dist_name`, `dist_params`).
///
/// Params are scipy's keyword arguments: the distribution's shape params by their scipy
/// names, plus `loc` (default 0) and, for continuous distributions, `scale` (default 1).
/// A continuous draw is `loc + scale * Y`, a discrete one `Y + loc` truncated to an integer,
/// as scipy's `rvs` computes them.
public struct ScipyDistribution: Sendable, Equatable {
    /// The scipy name (`norm`, `gamma`, `poisson`, ...).
    public let name: String
    /// The shape params in scipy's order (see ``ScipyCatalog``).
    public let shapes: [Double]
    public let loc: Double
    public let scale: Double
    /// Whether scipy's distribution is discrete (`rv_discrete`): integer values, INT64.
    public let isDiscrete: Bool

    public init(name: String, shapes: [Double], loc: Double = 0, scale: Double = 1, isDiscrete: Bool) {
        self.name = name
        self.shapes = shapes
        self.loc = loc
        self.scale = scale
        self.isDiscrete = isDiscrete
    }
}

/// The `scipy.stats` distributions supported, with their shape params and the domain checks
/// scipy applies (`_argcheck`); anything else is refused by name when the config loads.
enum ScipyCatalog {
    struct Spec: Sendable {
        let shapes: [String]
        let discrete: Bool
        /// The message for params scipy would reject, or nil when they are valid.
        let check: @Sendable ([Double]) -> String?
    }

    private static func positive(_ names: [String]) -> @Sendable ([Double]) -> String? {
        { values in
            for (n, v) in zip(names, values) where !(v > 0) { return "\(n) must be greater than 0" }
            return nil
        }
    }

    private static func integral(_ v: Double) -> Bool { v.rounded() == v }

    private static let none: @Sendable ([Double]) -> String? = { _ in nil }

    private static func continuous(_ shapes: [String], _ check: (@Sendable ([Double]) -> String?)? = nil) -> Spec {
        Spec(shapes: shapes, discrete: false, check: check ?? positive(shapes))
    }

    private static func discrete(_ shapes: [String], _ check: @escaping @Sendable ([Double]) -> String?) -> Spec {
        Spec(shapes: shapes, discrete: true, check: check)
    }

    /// Supported distributions by scipy name.
    static let specs: [String: Spec] = [
        // Continuous, no shape params.
        "norm": continuous([]), "uniform": continuous([]), "expon": continuous([]),
        "cauchy": continuous([]), "halfcauchy": continuous([]), "laplace": continuous([]),
        "logistic": continuous([]), "gumbel_r": continuous([]), "gumbel_l": continuous([]),
        "rayleigh": continuous([]), "halfnorm": continuous([]), "maxwell": continuous([]),
        "arcsine": continuous([]), "levy": continuous([]), "semicircular": continuous([]),
        "wald": continuous([]),
        // Continuous, shape params that must be positive.
        "gamma": continuous(["a"]), "beta": continuous(["a", "b"]), "lognorm": continuous(["s"]),
        "t": continuous(["df"]), "chi2": continuous(["df"]), "chi": continuous(["df"]),
        "f": continuous(["dfn", "dfd"]), "weibull_min": continuous(["c"]), "weibull_max": continuous(["c"]),
        "pareto": continuous(["b"]), "lomax": continuous(["c"]), "truncexpon": continuous(["b"]),
        "invgamma": continuous(["a"]), "exponnorm": continuous(["K"]), "powerlaw": continuous(["a"]),
        "fisk": continuous(["c"]), "invgauss": continuous(["mu"]), "gompertz": continuous(["c"]),
        "burr12": continuous(["c", "d"]), "burr": continuous(["c", "d"]), "betaprime": continuous(["a", "b"]),
        "exponweib": continuous(["a", "c"]), "dweibull": continuous(["c"]), "loglaplace": continuous(["c"]),
        "gennorm": continuous(["beta"]),
        // Continuous, other domains.
        "erlang": continuous(["a"]),
        "nakagami": continuous(["nu"]),
        "triang": continuous(["c"]) { v in v[0] >= 0 && v[0] <= 1 ? nil : "c must be between 0 and 1" },
        "truncnorm": continuous(["a", "b"]) { v in v[0] < v[1] ? nil : "a must be less than b" },
        "skewnorm": continuous(["a"]) { _ in nil },
        "loguniform": continuous(["a", "b"]) { v in v[0] > 0 && v[1] > v[0] ? nil : "a must be greater than 0 and b greater than a" },
        "reciprocal": continuous(["a", "b"]) { v in v[0] > 0 && v[1] > v[0] ? nil : "a must be greater than 0 and b greater than a" },
        "genextreme": continuous(["c"]) { _ in nil },
        "genpareto": continuous(["c"]) { _ in nil },
        "rice": continuous(["b"]) { v in v[0] >= 0 ? nil : "b must not be negative" },
        "foldnorm": continuous(["c"]) { v in v[0] >= 0 ? nil : "c must not be negative" },
        "vonmises": continuous(["kappa"]) { v in v[0] >= 0 ? nil : "kappa must not be negative" },
        "trapezoid": continuous(["c", "d"]) { v in
            v[0] >= 0 && v[0] <= 1 && v[1] >= 0 && v[1] <= 1 && v[1] >= v[0] ? nil : "c and d must satisfy 0 <= c <= d <= 1"
        },
        // Discrete.
        "poisson": discrete(["mu"]) { v in v[0] >= 0 ? nil : "mu must not be negative" },
        "binom": discrete(["n", "p"]) { v in
            v[0] >= 0 && integral(v[0]) && v[1] >= 0 && v[1] <= 1 ? nil : "n must be an integer >= 0 and p between 0 and 1"
        },
        "bernoulli": discrete(["p"]) { v in v[0] >= 0 && v[0] <= 1 ? nil : "p must be between 0 and 1" },
        "geom": discrete(["p"]) { v in v[0] > 0 && v[0] <= 1 ? nil : "p must be in (0, 1]" },
        "nbinom": discrete(["n", "p"]) { v in v[0] > 0 && v[1] > 0 && v[1] <= 1 ? nil : "n must be greater than 0 and p in (0, 1]" },
        "randint": discrete(["low", "high"]) { v in
            v[1] > v[0] && integral(v[0]) && integral(v[1]) ? nil : "low and high must be integers with high greater than low"
        },
        "hypergeom": discrete(["M", "n", "N"]) { v in
            if !(v[0] > 0 && v[1] >= 0 && v[2] >= 0 && v[1] <= v[0] && v[2] <= v[0] && v.allSatisfy(integral)) {
                return "M, n and N must be integers with M > 0 and 0 <= n, N <= M"
            }
            return v[0] <= 1e9 ? nil : "M must be at most 1e9 here (each draw searches from the mode)"
        },
        "zipf": discrete(["a"]) { v in
            if !(v[0] > 1) { return "a must be greater than 1" }
            return v[0] >= 1.0001 ? nil : "a must be at least 1.0001 here (nearer 1, almost every draw overflows 64-bit integers)"
        },
        "zipfian": discrete(["a", "n"]) { v in
            v[0] >= 0 && v[1] > 0 && integral(v[1]) ? nil : "a must not be negative and n must be an integer >= 1"
        },
        "logser": discrete(["p"]) { v in v[0] > 0 && v[0] < 1 ? nil : "p must be in (0, 1)" },
        "betabinom": discrete(["n", "a", "b"]) { v in
            v[0] >= 0 && integral(v[0]) && v[1] > 0 && v[2] > 0 ? nil : "n must be an integer >= 0, a and b greater than 0"
        },
        "planck": discrete(["lambda_"]) { v in v[0] > 0 ? nil : "lambda_ must be greater than 0" },
        "boltzmann": discrete(["lambda_", "N"]) { v in
            v[0] > 0 && v[1] > 0 && integral(v[1]) ? nil : "lambda_ must be greater than 0 and N an integer >= 1"
        },
        "dlaplace": discrete(["a"]) { v in v[0] > 0 ? nil : "a must be greater than 0" },
        "skellam": discrete(["mu1", "mu2"]) { v in v[0] > 0 && v[1] > 0 ? nil : "mu1 and mu2 must be greater than 0" },
        "yulesimon": discrete(["alpha"]) { v in v[0] > 0 ? nil : "alpha must be greater than 0" },
    ]

    /// The largest magnitude accepted for a param (larger values overflow the algorithms).
    static let maxMagnitude = 1e15

    /// Why a distribution built in code cannot be sampled (nil when it can): an unknown name,
    /// the wrong number of shape params, params outside scipy's domain or too large.
    static func problem(_ d: ScipyDistribution) -> String? {
        guard let spec = specs[d.name] else { return "scipy.stats.\(d.name) is not supported" }
        guard spec.discrete == d.isDiscrete else { return "scipy.stats.\(d.name) is \(spec.discrete ? "" : "not ")discrete" }
        guard d.shapes.count == spec.shapes.count else { return "scipy.stats.\(d.name) takes \(spec.shapes.count) shape params" }
        for v in d.shapes + [d.loc, d.scale] where !(v.isFinite && abs(v) <= maxMagnitude) {
            return "params must be finite numbers of magnitude at most 1e15"
        }
        guard d.scale >= 0 else { return "scale must not be negative" }
        if spec.discrete && d.scale != 1 { return "discrete distributions take no scale" }
        return spec.check(d.shapes)
    }

    /// Validates `dist_name` and `dist_params` the way scipy would accept them when the
    /// distribution is frozen and sampled. `error(param, message)` builds the error.
    static func distribution(name nameValue: ConfigValue?, params paramsValue: ConfigValue?,
                             error: (String, String) -> ConfigError) throws -> ScipyDistribution {
        guard let nameValue, nameValue != .null else { throw error("dist_name", "missing required param 'dist_name'") }
        guard case .string(let name) = nameValue else {
            throw error("dist_name", "dist_name must be a string, not \(nameValue.kindName)")
        }
        guard let spec = specs[name] else {
            let known = specs.keys.sorted().joined(separator: ", ")
            throw error("dist_name", "distribution '\(name)' is not supported (supported scipy.stats distributions: \(known))")
        }
        guard let paramsValue, paramsValue != .null else { throw error("dist_params", "missing required param 'dist_params'") }
        guard case .object(let members) = paramsValue else {
            throw error("dist_params", "dist_params must be a mapping, not \(paramsValue.kindName)")
        }
        let allowed = spec.shapes + (spec.discrete ? ["loc"] : ["loc", "scale"])
        var values: [String: Double] = [:]
        for m in members {
            guard allowed.contains(m.key) else {
                let expected = allowed.isEmpty ? "none" : allowed.joined(separator: ", ")
                throw error("dist_params", "'\(m.key)' is not a parameter of scipy.stats.\(name) (its parameters: \(expected))")
            }
            guard values[m.key] == nil else { throw error("dist_params", "'\(m.key)' is given twice") }
            let number: Double
            switch m.value {
            case .int(let i): number = Double(i)
            case .double(let d): number = d
            case .bool(let b): number = b ? 1 : 0
            default:
                throw error("dist_params", "dist_params.\(m.key) must be a number, not \(m.value.kindName)")
            }
            guard number.isFinite, abs(number) <= maxMagnitude else {
                throw error("dist_params", "dist_params.\(m.key) must be a finite number of magnitude at most 1e15")
            }
            values[m.key] = number
        }
        var shapes: [Double] = []
        for s in spec.shapes {
            guard let v = values[s] else {
                throw error("dist_params", "scipy.stats.\(name) needs the parameter '\(s)' (its parameters: \(allowed.joined(separator: ", ")))")
            }
            shapes.append(v)
        }
        if let message = spec.check(shapes) {
            throw error("dist_params", "invalid parameters for scipy.stats.\(name): \(message)")
        }
        let scale = values["scale"] ?? 1
        if scale < 0 { throw error("dist_params", "invalid parameters for scipy.stats.\(name): scale must not be negative") }
        return ScipyDistribution(name: name, shapes: shapes, loc: values["loc"] ?? 0, scale: scale, isDiscrete: spec.discrete)
    }
}
