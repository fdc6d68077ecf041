//! Batched real FFT power/magnitude spectra with float32 rounding points, the same algorithm and
//! operation order as @dia/fbank's TypeScript `RealFft` (radix-2 complex FFT of half size + split),
//! using twiddle and bit-reversal tables computed by the caller so results are bit-identical.

/// For each frame (m frames of `size` f64 samples): X = rfft(frame), then per bin
/// `mag = f32(sqrt(f32(re)² + f32(im)²))` and `out = power ? f32(mag·mag) : mag`.
#[allow(clippy::too_many_arguments)]
pub fn rfft_spectrum(frames: &[f64], m: usize, size: usize, cos: &[f64], sin: &[f64], bitrev: &[u32], power: bool, out: &mut [f32], zr: &mut [f64], zi: &mut [f64]) {
    let h = size / 2;
    let nfft = h + 1;
    for f in 0..m {
        let x = &frames[f * size..(f + 1) * size];
        for i in 0..h {
            let r = bitrev[i] as usize;
            zr[r] = x[2 * i];
            zi[r] = x[2 * i + 1];
        }
        let mut len = 2;
        while len <= h {
            let half = len >> 1;
            let stride = size / len;
            for j in 0..half {
                let wr = cos[j * stride];
                let wi = sin[j * stride];
                let mut a = j;
                while a < h {
                    let b = a + half;
                    let (br, bi) = (zr[b], zi[b]);
                    let tr = br * wr - bi * wi;
                    let ti = br * wi + bi * wr;
                    let (ar, ai) = (zr[a], zi[a]);
                    zr[b] = ar - tr;
                    zi[b] = ai - ti;
                    zr[a] = ar + tr;
                    zi[a] = ai + ti;
                    a += len;
                }
            }
            len <<= 1;
        }
        let o = &mut out[f * nfft..(f + 1) * nfft];
        for k in 0..=h {
            let k1 = if k == h { 0 } else { k };
            let k2 = if k == 0 { 0 } else { h - k };
            let (ar, ai) = (zr[k1], zi[k1]);
            let (br, bi) = (zr[k2], -zi[k2]);
            let er = 0.5 * (ar + br);
            let ei = 0.5 * (ai + bi);
            let or = 0.5 * (ai - bi);
            let oi = -0.5 * (ar - br);
            let (wr, wi) = (cos[k], sin[k]);
            let re = er + (or * wr - oi * wi);
            let im = ei + (or * wi + oi * wr);
            let re32 = re as f32 as f64;
            let im32 = im as f32 as f64;
            let mag = (re32 * re32 + im32 * im32).sqrt() as f32;
            o[k] = if power { mag * mag } else { mag };
        }
    }
}
