import Foundation

/// Standard normal deviates by Marsaglia's polar method, two per accepted pair.
struct NormalSource {
    private var spare: Double = 0
    private var hasSpare = false

    /// A draw from N(0, 1).
    @inline(__always)
    mutating func next(_ rng: inout Xoshiro256StarStar) -> Double {
        if hasSpare {
            hasSpare = false
            return spare
        }
        while true {
            let u = 2 * rng.nextUnit() - 1
            let v = 2 * rng.nextUnit() - 1
            let s = u * u + v * v
            if s > 0, s < 1 {
                let factor = (-2 * log(s) / s).squareRoot()
                spare = v * factor
                hasSpare = true
                return u * factor
            }
        }
    }
}

/// Discrete distributions drawn from one stream.
enum Distributions {
    /// Poisson(mean): Knuth's product of uniforms below mean 10, else Hörmann's
    /// transformed rejection with squeeze (PTRS). Means beyond 1e15 use the normal
    /// approximation. The result is clamped to 0 ... Int64.max.
    static func poisson(mean: Double, _ rng: inout Xoshiro256StarStar, _ normal: inout NormalSource) -> Int64 {
        guard mean > 0, mean.isFinite else { return 0 }
        if mean < 10 {
            let limit = exp(-mean)
            var product = rng.nextUnit()
            var k: Int64 = 0
            while product > limit {
                k &+= 1
                product *= rng.nextUnit()
            }
            return k
        }
        if mean > 1e15 {
            return clampToCount((mean + mean.squareRoot() * normal.next(&rng)).rounded())
        }
        let root = mean.squareRoot()
        let logMean = log(mean)
        let b = 0.931 + 2.53 * root
        let a = -0.059 + 0.02483 * b
        let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = rng.nextUnit() - 0.5
            let v = rng.nextUnit()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07, v <= vr { return clampToCount(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            let lhs = log(v) + log(inverseAlpha) - log(a / (us * us) + b)
            let rhs = -mean + k * logMean - lgamma(k + 1)
            if lhs <= rhs { return clampToCount(k) }
        }
    }

    /// Binomial(n, p): direct trials for n ≤ 64, waiting times between successes when
    /// n·min(p, 1−p) < 30, else the normal approximation rounded and clamped to 0 ... n.
    static func binomial(n: Int, p: Double, _ rng: inout Xoshiro256StarStar, _ normal: inout NormalSource) -> Int64 {
        guard n > 0, p > 0 else { return 0 }
        if p >= 1 { return Int64(n) }
        if n <= 64 {
            var successes: Int64 = 0
            for _ in 0..<n where rng.nextUnit() < p { successes &+= 1 }
            return successes
        }
        let flip = p > 0.5
        let q = flip ? 1 - p : p
        let count: Int64
        if Double(n) * q < 30 {
            // Geometric gaps between successes: each gap is ⌈log U / log(1−q)⌉ trials.
            let logComplement = log1p(-q)
            var trials: Double = 0
            var successes: Int64 = 0
            while true {
                trials += (log(rng.nextOpenUnit()) / logComplement).rounded(.up)
                if trials > Double(n) { break }
                successes &+= 1
            }
            count = successes
        } else {
            let mean = Double(n) * q
            let sd = (mean * (1 - q)).squareRoot()
            let draw = (mean + sd * normal.next(&rng)).rounded()
            count = Int64(Swift.min(Swift.max(draw, 0), Double(n)))
        }
        return flip ? Int64(n) - count : count
    }

    /// `value` (integral) as a count: 0 for negatives and NaN, Int64.max beyond it.
    @inline(__always)
    static func clampToCount(_ value: Double) -> Int64 {
        guard value > 0 else { return 0 }
        guard value < 9.2e18 else { return Int64.max }
        return Int64(value)
    }

    /// `value` (integral) as an Int64, saturating at the bounds; 0 for NaN.
    @inline(__always)
    static func clampToInt64(_ value: Double) -> Int64 {
        guard value == value else { return 0 }
        if value >= 9.223372036854775807e18 { return Int64.max }
        if value <= -9.223372036854775808e18 { return Int64.min }
        return Int64(value)
    }

    /// `value` rounded to `places` decimal places (half away from zero); unchanged when
    /// `places` is nil or the scaled value is not finite.
    @inline(__always)
    static func round(_ value: Double, places: Int?) -> Double {
        guard let places else { return value }
        let factor = pow(10, Double(Swift.max(Swift.min(places, 300), -300)))
        let scaled = value * factor
        guard scaled.isFinite, factor.isFinite, factor > 0 else { return value }
        let rounded = scaled.rounded(.toNearestOrAwayFromZero) / factor
        return rounded.isFinite ? rounded : value
    }
}
