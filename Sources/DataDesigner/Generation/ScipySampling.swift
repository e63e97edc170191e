import Foundation

/// Standard gamma deviates (shape `a`, scale 1) by Marsaglia and Tsang's method; shapes
/// below 1 use the boost `G(a) = G(a + 1) · U^(1/a)`, computed in logarithms so that tiny
/// shapes do not underflow where only ratios are needed (beta).
struct GammaSampler: Sendable {
    let shape: Double
    private let d: Double
    private let c: Double
    private let boost: Bool

    init(shape: Double) {
        self.shape = shape
        boost = shape < 1
        d = (boost ? shape + 1 : shape) - 1.0 / 3.0
        c = 1 / (9 * d).squareRoot()
    }

    /// log of a draw (−inf only when the draw underflows to 0 in doubles, never for a ≥ 1).
    @inline(__always)
    func nextLog(_ rng: inout Xoshiro256StarStar, _ normal: inout NormalSource) -> Double {
        var result: Double
        while true {
            let x = normal.next(&rng)
            var v = 1 + c * x
            if v <= 0 { continue }
            v = v * v * v
            let u = rng.nextOpenUnit()
            if u < 1 - 0.0331 * (x * x) * (x * x) || log(u) < 0.5 * x * x + d * (1 - v + log(v)) {
                result = log(d * v)
                break
            }
        }
        if boost { result += log(rng.nextOpenUnit()) / shape }
        return result
    }

    @inline(__always)
    func next(_ rng: inout Xoshiro256StarStar, _ normal: inout NormalSource) -> Double {
        exp(nextLog(&rng, &normal))
    }
}

/// A compiled `scipy.stats` distribution: the standard variate `Y` of the family with its
/// shape params, drawn from one stream, and scipy's `loc` / `scale`.
struct ScipySampler {
    enum Kernel {
        case norm, uniform, expon, cauchy, halfcauchy, laplace, logistic, gumbelR, gumbelL
        case rayleigh, halfnorm, arcsine, levy, semicircular
        case gamma(GammaSampler)
        case beta(GammaSampler, GammaSampler)
        case lognorm(s: Double)
        case t(GammaSampler, df: Double)
        /// 2·G(df/2), square-rooted for chi (and maxwell, chi with 3 degrees of freedom).
        case chi2(GammaSampler, root: Bool)
        case f(GammaSampler, GammaSampler, dfn: Double, dfd: Double)
        case weibullMin(c: Double), weibullMax(c: Double), dweibull(c: Double)
        case pareto(b: Double), lomax(c: Double), truncexpon(b: Double), invgamma(GammaSampler)
        case exponnorm(k: Double), powerlaw(a: Double), fisk(c: Double), invgauss(mu: Double)
        case gompertz(c: Double), burr12(c: Double, d: Double), burr(c: Double, d: Double)
        case betaprime(GammaSampler, GammaSampler), exponweib(a: Double, c: Double), loglaplace(c: Double)
        case gennorm(GammaSampler, beta: Double), nakagami(GammaSampler, nu: Double)
        case triang(c: Double), truncnorm(TruncatedNormal), skewnorm(delta: Double)
        case loguniform(logA: Double, logB: Double), genextreme(c: Double), genpareto(c: Double)
        case rice(b: Double), foldnorm(c: Double), vonmises(kappa: Double), trapezoid(c: Double, d: Double)
        // Discrete (the value is an integer held in a double).
        case poisson(mu: Double), binom(n: Int, p: Double), bernoulli(p: Double), geom(p: Double)
        case nbinom(GammaSampler, p: Double), randint(low: Int64, high: Int64)
        case hypergeom(total: Double, good: Double, draws: Double)
        case zipf(a: Double), zipfian(Zipfian), logser(p: Double)
        case betabinom(n: Int, GammaSampler, GammaSampler), planck(lambda: Double), boltzmann(lambda: Double, n: Double)
        case dlaplace(a: Double), skellam(mu1: Double, mu2: Double), yulesimon(alpha: Double)
    }

    let kernel: Kernel
    let loc: Double
    let scale: Double
    let isDiscrete: Bool

    init(_ d: ScipyDistribution) {
        loc = d.loc
        scale = d.scale
        isDiscrete = d.isDiscrete
        let s = d.shapes
        func at(_ i: Int) -> Double { i < s.count ? s[i] : 0 }
        let a = at(0), b = at(1), c = at(2)
        switch d.name {
        case "norm": kernel = .norm
        case "uniform": kernel = .uniform
        case "expon": kernel = .expon
        case "cauchy": kernel = .cauchy
        case "halfcauchy": kernel = .halfcauchy
        case "laplace": kernel = .laplace
        case "logistic": kernel = .logistic
        case "gumbel_r": kernel = .gumbelR
        case "gumbel_l": kernel = .gumbelL
        case "rayleigh": kernel = .rayleigh
        case "halfnorm": kernel = .halfnorm
        case "maxwell": kernel = .chi2(GammaSampler(shape: 1.5), root: true)
        case "arcsine": kernel = .arcsine
        case "levy": kernel = .levy
        case "semicircular": kernel = .semicircular
        case "wald": kernel = .invgauss(mu: 1)
        case "gamma", "erlang": kernel = .gamma(GammaSampler(shape: a))
        case "beta": kernel = .beta(GammaSampler(shape: a), GammaSampler(shape: b))
        case "lognorm": kernel = .lognorm(s: a)
        case "t": kernel = .t(GammaSampler(shape: a / 2), df: a)
        case "chi2": kernel = .chi2(GammaSampler(shape: a / 2), root: false)
        case "chi": kernel = .chi2(GammaSampler(shape: a / 2), root: true)
        case "f": kernel = .f(GammaSampler(shape: a / 2), GammaSampler(shape: b / 2), dfn: a, dfd: b)
        case "weibull_min": kernel = .weibullMin(c: a)
        case "weibull_max": kernel = .weibullMax(c: a)
        case "dweibull": kernel = .dweibull(c: a)
        case "pareto": kernel = .pareto(b: a)
        case "lomax": kernel = .lomax(c: a)
        case "truncexpon": kernel = .truncexpon(b: a)
        case "invgamma": kernel = .invgamma(GammaSampler(shape: a))
        case "exponnorm": kernel = .exponnorm(k: a)
        case "powerlaw": kernel = .powerlaw(a: a)
        case "fisk": kernel = .fisk(c: a)
        case "invgauss": kernel = .invgauss(mu: a)
        case "gompertz": kernel = .gompertz(c: a)
        case "burr12": kernel = .burr12(c: a, d: b)
        case "burr": kernel = .burr(c: a, d: b)
        case "betaprime": kernel = .betaprime(GammaSampler(shape: a), GammaSampler(shape: b))
        case "exponweib": kernel = .exponweib(a: a, c: b)
        case "loglaplace": kernel = .loglaplace(c: a)
        case "gennorm": kernel = .gennorm(GammaSampler(shape: 1 / a), beta: a)
        case "nakagami": kernel = .nakagami(GammaSampler(shape: a), nu: a)
        case "triang": kernel = .triang(c: a)
        case "truncnorm": kernel = .truncnorm(TruncatedNormal(a: a, b: b))
        case "skewnorm": kernel = .skewnorm(delta: a / (1 + a * a).squareRoot())
        case "loguniform", "reciprocal": kernel = .loguniform(logA: log(a), logB: log(b))
        case "genextreme": kernel = .genextreme(c: a)
        case "genpareto": kernel = .genpareto(c: a)
        case "rice": kernel = .rice(b: a)
        case "foldnorm": kernel = .foldnorm(c: a)
        case "vonmises": kernel = .vonmises(kappa: a)
        case "trapezoid": kernel = .trapezoid(c: a, d: b)
        case "poisson": kernel = .poisson(mu: a)
        case "binom": kernel = .binom(n: Int(a), p: b)
        case "bernoulli": kernel = .bernoulli(p: a)
        case "geom": kernel = .geom(p: a)
        case "nbinom": kernel = .nbinom(GammaSampler(shape: a), p: b)
        case "randint": kernel = .randint(low: Int64(a), high: Int64(b))
        case "hypergeom": kernel = .hypergeom(total: a, good: b, draws: c)
        case "zipf": kernel = .zipf(a: a)
        case "zipfian": kernel = .zipfian(Zipfian(exponent: a, count: b))
        case "logser": kernel = .logser(p: a)
        case "betabinom": kernel = .betabinom(n: Int(a), GammaSampler(shape: b), GammaSampler(shape: c))
        case "planck": kernel = .planck(lambda: a)
        case "boltzmann": kernel = .boltzmann(lambda: a, n: b)
        case "dlaplace": kernel = .dlaplace(a: a)
        case "skellam": kernel = .skellam(mu1: a, mu2: b)
        default: kernel = .yulesimon(alpha: a)  // the catalog admits no other name
        }
    }

    /// One draw: `loc + scale·Y` for a continuous distribution, `Y + loc` truncated toward
    /// zero for a discrete one (as scipy's `rvs` casts it to int64).
    @inline(__always)
    func next(_ rng: inout Xoshiro256StarStar, _ normal: inout NormalSource) -> Double {
        let y = standard(&rng, &normal)
        if isDiscrete { return (y + loc).rounded(.towardZero) }
        return loc + scale * y
    }

    @inline(__always)
    private func exponential(_ rng: inout Xoshiro256StarStar) -> Double { -log(rng.nextOpenUnit()) }

    /// A draw of the standard variate (loc 0, scale 1).
    func standard(_ rng: inout Xoshiro256StarStar, _ normal: inout NormalSource) -> Double {
        switch kernel {
        case .norm: return normal.next(&rng)
        case .uniform: return rng.nextUnit()
        case .expon: return exponential(&rng)
        case .cauchy: return tan(Double.pi * (rng.nextOpenUnit() - 0.5))
        case .halfcauchy: return tan(Double.pi / 2 * rng.nextUnit())
        case .laplace: return exponential(&rng) - exponential(&rng)
        case .logistic:
            let u = rng.nextOpenUnit()
            return log(u / (1 - u))
        case .gumbelR: return -log(exponential(&rng))
        case .gumbelL: return log(exponential(&rng))
        case .rayleigh: return (2 * exponential(&rng)).squareRoot()
        case .halfnorm: return abs(normal.next(&rng))
        case .arcsine:
            let s = sin(Double.pi / 2 * rng.nextUnit())
            return s * s
        case .levy:
            let z = normal.next(&rng)
            return 1 / (z * z)
        case .semicircular: return rng.nextUnit().squareRoot() * cos(Double.pi * rng.nextUnit())
        case .gamma(let g): return g.next(&rng, &normal)
        case let .beta(ga, gb):
            let lx = ga.nextLog(&rng, &normal), ly = gb.nextLog(&rng, &normal)
            return 1 / (1 + exp(ly - lx))
        case .lognorm(let s): return exp(s * normal.next(&rng))
        case let .t(g, df):
            let z = normal.next(&rng)
            return z / (2 * g.next(&rng, &normal) / df).squareRoot()
        case let .chi2(g, root):
            let x = 2 * g.next(&rng, &normal)
            return root ? x.squareRoot() : x
        case let .f(g1, g2, dfn, dfd):
            return (2 * g1.next(&rng, &normal) / dfn) / (2 * g2.next(&rng, &normal) / dfd)
        case .weibullMin(let c): return pow(exponential(&rng), 1 / c)
        case .weibullMax(let c): return -pow(exponential(&rng), 1 / c)
        case .dweibull(let c):
            let w = pow(exponential(&rng), 1 / c)
            return rng.nextUnit() < 0.5 ? -w : w
        case .pareto(let b): return exp(exponential(&rng) / b)
        case .lomax(let c): return expm1(exponential(&rng) / c)
        case .truncexpon(let b): return -log1p(rng.nextUnit() * expm1(-b))
        case .invgamma(let g): return 1 / g.next(&rng, &normal)
        case .exponnorm(let k): return normal.next(&rng) + k * exponential(&rng)
        case .powerlaw(let a): return pow(rng.nextUnit(), 1 / a)
        case .fisk(let c):
            let u = rng.nextOpenUnit()
            return pow(u / (1 - u), 1 / c)
        case .invgauss(let mu): return Self.wald(mu, &rng, &normal)
        case .gompertz(let c): return log1p(exponential(&rng) / c)
        case let .burr12(c, d): return pow(expm1(exponential(&rng) / d), 1 / c)
        case let .burr(c, d): return pow(expm1(-log(rng.nextOpenUnit()) / d), -1 / c)
        case let .betaprime(ga, gb): return exp(ga.nextLog(&rng, &normal) - gb.nextLog(&rng, &normal))
        case let .exponweib(a, c): return pow(-log(-expm1(log(rng.nextOpenUnit()) / a)), 1 / c)
        case .loglaplace(let c):
            let q = rng.nextOpenUnit()
            return q < 0.5 ? pow(2 * q, 1 / c) : pow(2 * (1 - q), -1 / c)
        case let .gennorm(g, beta):
            let y = pow(g.next(&rng, &normal), 1 / beta)
            return rng.nextUnit() < 0.5 ? -y : y
        case let .nakagami(g, nu): return (g.next(&rng, &normal) / nu).squareRoot()
        case .triang(let c):
            let u = rng.nextUnit()
            return u < c ? (c * u).squareRoot() : 1 - ((1 - c) * (1 - u)).squareRoot()
        case .truncnorm(let tn): return tn.next(&rng)
        case .skewnorm(let delta):
            let u0 = normal.next(&rng), v = normal.next(&rng)
            let u1 = delta * u0 + (1 - delta * delta).squareRoot() * v
            return u0 >= 0 ? u1 : -u1
        case let .loguniform(la, lb): return exp(la + rng.nextUnit() * (lb - la))
        case .genextreme(let c):
            let x = -log(exponential(&rng))
            return c == 0 ? x : -expm1(-c * x) / c
        case .genpareto(let c):
            let e = exponential(&rng)  // -log(1 - q)
            return c == 0 ? e : expm1(c * e) / c
        case .rice(let b):
            let x = normal.next(&rng) + b, y = normal.next(&rng)
            return (x * x + y * y).squareRoot()
        case .foldnorm(let c): return abs(normal.next(&rng) + c)
        case .vonmises(let kappa): return Self.vonMises(kappa, &rng, &normal)
        case let .trapezoid(c, d): return Self.trapezoid(c, d, rng.nextUnit())
        case .poisson(let mu): return Double(Distributions.poisson(mean: mu, &rng, &normal))
        case let .binom(n, p): return Double(Distributions.binomial(n: n, p: p, &rng, &normal))
        case .bernoulli(let p): return rng.nextUnit() < p ? 1 : 0
        case .geom(let p):
            if p >= 1 { return 1 }
            return max(1, (log(rng.nextOpenUnit()) / log1p(-p)).rounded(.up))
        case let .nbinom(g, p):
            if p >= 1 { return 0 }
            return Double(Distributions.poisson(mean: g.next(&rng, &normal) * (1 - p) / p, &rng, &normal))
        case let .randint(low, high): return Double(rng.nextInt(low, high - 1))
        case let .hypergeom(total, good, draws): return Self.hypergeometric(total, good, draws, rng.nextUnit())
        case .zipf(let a): return Self.zipf(a, &rng)
        case .zipfian(let z): return z.next(&rng)
        case .logser(let p): return Self.logSeries(p, &rng)
        case let .betabinom(n, ga, gb):
            let lx = ga.nextLog(&rng, &normal), ly = gb.nextLog(&rng, &normal)
            return Double(Distributions.binomial(n: n, p: 1 / (1 + exp(ly - lx)), &rng, &normal))
        case .planck(let lambda): return (exponential(&rng) / lambda).rounded(.down)
        case let .boltzmann(lambda, n):
            let k = (-log1p(rng.nextUnit() * expm1(-lambda * n)) / lambda).rounded(.down)
            return min(max(k, 0), n - 1)
        case .dlaplace(let a): return (exponential(&rng) / a).rounded(.down) - (exponential(&rng) / a).rounded(.down)
        case let .skellam(mu1, mu2):
            return Double(Distributions.poisson(mean: mu1, &rng, &normal)) - Double(Distributions.poisson(mean: mu2, &rng, &normal))
        case .yulesimon(let alpha):
            let e1 = exponential(&rng), e2 = exponential(&rng)
            let k = (-e1 / log1p(-exp(-e2 / alpha))).rounded(.up)
            return k.isFinite ? max(k, 1) : 9.2e18
        }
    }

    /// Inverse Gaussian (Wald) with mean `mu` and shape 1 (Michael, Schucany and Haas).
    static func wald(_ mu: Double, _ rng: inout Xoshiro256StarStar, _ normal: inout NormalSource) -> Double {
        let z = normal.next(&rng)
        let y = mu * z * z
        let x = mu + mu / 2 * (y - (4 * y + y * y).squareRoot())
        return rng.nextUnit() <= mu / (mu + x) ? x : mu * mu / x
    }

    /// Von Mises on (−π, π] with concentration `kappa` (Best and Fisher; a normal
    /// approximation for very large kappa).
    static func vonMises(_ kappa: Double, _ rng: inout Xoshiro256StarStar, _ normal: inout NormalSource) -> Double {
        if kappa < 1e-8 { return Double.pi * (2 * rng.nextUnit() - 1) }
        if kappa > 1e6 {
            let x = normal.next(&rng) / kappa.squareRoot()
            return remainder(x, 2 * Double.pi)
        }
        let s: Double
        if kappa < 1e-5 {
            s = 1 / kappa + kappa
        } else {
            let r = 1 + (1 + 4 * kappa * kappa).squareRoot()
            let rho = (r - (2 * r).squareRoot()) / (2 * kappa)
            s = (1 + rho * rho) / (2 * rho)
        }
        var w: Double
        while true {
            let z = cos(Double.pi * rng.nextUnit())
            w = (1 + s * z) / (s + z)
            let y = kappa * (s - w)
            let v = rng.nextOpenUnit()
            if y * (2 - y) - v >= 0 || log(y / v) + 1 - y >= 0 { break }
        }
        let angle = acos(max(-1, min(1, w)))
        return rng.nextUnit() < 0.5 ? -angle : angle
    }

    /// The trapezoid distribution on [0, 1] with plateau [c, d], by inversion.
    static func trapezoid(_ c: Double, _ d: Double, _ u: Double) -> Double {
        let h = 2 / (1 + d - c)
        let rise = c * h / 2, flat = (d - c) * h
        if u < rise { return (2 * c * u / h).squareRoot() }
        if u < rise + flat { return c + (u - rise) / h }
        return 1 - (2 * (1 - u) * (1 - d) / h).squareRoot()
    }

    /// Hypergeometric (`draws` from `total` items of which `good` are successes) by inversion,
    /// searching outward from the mode; the expected number of steps grows with the
    /// standard deviation only.
    static func hypergeometric(_ total: Double, _ good: Double, _ draws: Double, _ uniform: Double) -> Double {
        let bad = total - good
        let low = max(0, draws - bad), high = min(good, draws)
        if low >= high { return low }
        let mode = min(max(((draws + 1) * (good + 1) / (total + 2)).rounded(.down), low), high)
        func logChoose(_ n: Double, _ k: Double) -> Double { lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) }
        let pMode = exp(logChoose(good, mode) + logChoose(bad, draws - mode) - logChoose(total, draws))
        var u = uniform - pMode
        if u <= 0 { return mode }
        var down = mode, up = mode, pDown = pMode, pUp = pMode
        while down > low || up < high {
            if up < high {
                // p(k+1) / p(k) = (good − k)(draws − k) / ((k + 1)(bad − draws + k + 1))
                pUp *= (good - up) * (draws - up) / ((up + 1) * (bad - draws + up + 1))
                up += 1
                u -= pUp
                if u <= 0 { return up }
            }
            if down > low {
                pDown *= down * (bad - draws + down) / ((good - down + 1) * (draws - down + 1))
                down -= 1
                u -= pDown
                if u <= 0 { return down }
            }
        }
        return mode
    }

    /// Zipf (zeta) with exponent `a` > 1, by Devroye's rejection method.
    static func zipf(_ a: Double, _ rng: inout Xoshiro256StarStar) -> Double {
        let am1 = a - 1
        let b = pow(2, am1)
        while true {
            let u = 1 - rng.nextUnit()
            let v = rng.nextUnit()
            let x = pow(u, -1 / am1).rounded(.down)
            if !(x >= 1 && x < 9.2e18) { continue }
            let t = pow(1 + 1 / x, am1)
            if v * x * (t - 1) / (b - 1) <= t / b { return x }
        }
    }

    /// Logarithmic series with parameter `p` (Kemp's algorithm).
    static func logSeries(_ p: Double, _ rng: inout Xoshiro256StarStar) -> Double {
        let r = log1p(-p)
        while true {
            let v = rng.nextUnit()
            if v >= p { return 1 }
            let q = -expm1(r * rng.nextUnit())
            if v <= q * q {
                let k = (1 + log(v) / log(q)).rounded(.down)
                if !(k >= 1) || v == 0 { continue }
                return min(k, 9.2e18)
            }
            return v >= q ? 1 : 2
        }
    }
}

/// The standard normal truncated to [a, b]: inversion of the CDF when the interval reaches
/// into [−3, 3], else exponential (or, for a narrow interval, uniform) rejection in the tail
/// (Robert, 1995), mirrored for the left tail.
struct TruncatedNormal: Sendable {
    let a: Double
    let b: Double
    private let mirrored: Bool
    private let tail: Bool
    private let lo: Double, hi: Double
    private let cdfLo: Double, cdfHi: Double

    init(a: Double, b: Double) {
        self.a = a
        self.b = b
        mirrored = b <= -3
        lo = mirrored ? -b : a
        hi = mirrored ? -a : b
        tail = lo >= 3
        cdfLo = Self.ndtr(a)
        cdfHi = Self.ndtr(b)
    }

    func next(_ rng: inout Xoshiro256StarStar) -> Double {
        if !tail {
            let x = Self.ndtri(cdfLo + rng.nextUnit() * (cdfHi - cdfLo))
            return min(max(x, a), b)
        }
        let x: Double
        if hi - lo < 0.5 / lo {
            while true {
                let z = lo + (hi - lo) * rng.nextUnit()
                if log(rng.nextOpenUnit()) <= (lo * lo - z * z) / 2 { x = z; break }
            }
        } else {
            let alpha = (lo + (lo * lo + 4).squareRoot()) / 2
            while true {
                let z = lo - log(rng.nextOpenUnit()) / alpha
                if z > hi { continue }
                let d = z - alpha
                if log(rng.nextOpenUnit()) <= -d * d / 2 { x = z; break }
            }
        }
        return mirrored ? -x : x
    }

    /// The standard normal CDF.
    static func ndtr(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// The inverse of the standard normal CDF (Acklam's rational approximation refined by
    /// one Halley step; about 1e-15 relative error).
    static func ndtri(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log1p(-p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = ndtr(x) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}

/// Zipfian on 1 ... n with P(k) ∝ k^(−exponent), by rejection-inversion (Hörmann and
/// Derflinger, 1996): constant expected time for any n and exponent ≥ 0.
struct Zipfian: Sendable {
    let exponent: Double
    let count: Double
    private let hIntegralX1: Double
    private let hIntegralN: Double
    private let s: Double

    init(exponent: Double, count: Double) {
        self.exponent = exponent
        self.count = count
        hIntegralX1 = Self.hIntegral(1.5, exponent) - 1
        hIntegralN = Self.hIntegral(count + 0.5, exponent)
        s = 2 - Self.hIntegralInverse(Self.hIntegral(2.5, exponent) - Self.h(2, exponent), exponent)
    }

    func next(_ rng: inout Xoshiro256StarStar) -> Double {
        while true {
            let u = hIntegralN + rng.nextUnit() * (hIntegralX1 - hIntegralN)
            let x = Self.hIntegralInverse(u, exponent)
            let k = min(max((x + 0.5).rounded(.down), 1), count)
            if k - x <= s || u >= Self.hIntegral(k + 0.5, exponent) - Self.h(k, exponent) { return k }
        }
    }

    private static func h(_ x: Double, _ e: Double) -> Double { exp(-e * log(x)) }

    /// ∫ h from 1 to x, up to a constant: (x^(1−e) − 1) / (1 − e), log x when e = 1.
    private static func hIntegral(_ x: Double, _ e: Double) -> Double {
        let l = log(x)
        return expm1OverX((1 - e) * l) * l
    }

    private static func hIntegralInverse(_ x: Double, _ e: Double) -> Double {
        var t = x * (1 - e)
        if t < -1 { t = -1 }
        return exp(log1pOverX(t) * x)
    }

    private static func expm1OverX(_ x: Double) -> Double { abs(x) > 1e-8 ? expm1(x) / x : 1 + x / 2 * (1 + x / 3) }
    private static func log1pOverX(_ x: Double) -> Double { abs(x) > 1e-8 ? log1p(x) / x : 1 - x * (0.5 - x / 3) }
}
