"""torchaudio's kaldi.fbank as pyannote's WeSpeaker wrapper calls it; shared by gen_vectors.py and
torchaudio_wespeaker.py (torch 1.13 / torchaudio 0.13.1 from Debian, /usr/bin/python3)."""
import torch
import torchaudio.compliance.kaldi as kaldi

torch.set_num_threads(1)


def wespeaker(t):
    """pyannote BaseWeSpeakerResNet.compute_fbank for one waveform: ×2¹⁵, kaldi fbank, centred per band."""
    f = kaldi.fbank(t.unsqueeze(0) * (1 << 15), num_mel_bins=80, frame_length=25, frame_shift=10, dither=0.0,
                    sample_frequency=16000, window_type="hamming", use_energy=False)
    return f - torch.mean(f, dim=0, keepdim=True)
