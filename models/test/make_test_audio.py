#!/usr/bin/python3
"""Builds the audio test fixtures: small sounds in every container mmsearch decodes, broken ones,
two tiny CLAP-format model folders (unfused and fused), and reference outputs for them.

Sounds: a stereo chord (0.3 s, 22,050 Hz) written as WAV with 8/16/24/32-bit PCM and 32/64-bit
float samples, FLAC, Ogg Vorbis and MP3 (libsndfile through python3-soundfile); speech with known
text from espeak-ng; a 2.6 s mono sound at 44,100 Hz, longer than the tiny models' window.

The model folders have CLAP's Hugging Face ONNX layout (config.json model_type "clap",
onnx/text_model.onnx -> text_embeds, onnx/audio_model.onnx -> audio_embeds fed input_features,
and is_longer for the fused model; preprocessor_config.json with ClapFeatureExtractor settings,
a 2 s window so the files stay small). Weights are tiny and random (seeded); the tokenizer is CLIP's
real BPE (CLAP's own RoBERTa tokenizer is not reachable here).

Reference outputs come from an independent pipeline: soundfile to read, torchaudio to resample,
and the log-mel features written out below from the published formulas (periodic Hann window,
centred frames with reflect padding, power spectrum, HTK or Slaney mel filters with Slaney area
normalisation, 10 log10 with a 1e-10 floor), numpy for the FFT, torch for the embeddings. Where
Hugging Face's extractor draws at random (a long sound's window for rand_trunc, the three fusion
windows), this pipeline and mmsearch both take the documented deterministic choice: the first
window, and the middle start of each third.

Run from the repository root with Debian's interpreter (python3-torch, python3-torchaudio,
python3-soundfile, python3-onnx, python3-regex) and espeak-ng installed:

    /usr/bin/python3 models/test/make_test_audio.py --clip-tokenizer DIR
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import soundfile as sf
import torch
import torch.nn as nn
import torchaudio

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_test_models as base  # noqa: E402  (tokenizer reference, towers, export helpers)

AUDIO = os.path.join(HERE, "reference", "audio")
WINDOW_S = 2
RATE = 48000
CAPTIONS = ["a dog barking", "a piano chord", "someone speaking", ""]

torch.manual_seed(20261126)


# ---------------------------------------------------------------- sounds

def make_sounds():
    os.makedirs(AUDIO, exist_ok=True)
    rng = np.random.default_rng(11)
    sr = 22050
    t = np.arange(int(0.3 * sr)) / sr
    left = 0.4 * np.sin(2 * np.pi * 440 * t) + 0.05 * rng.standard_normal(len(t))
    right = 0.3 * np.sin(2 * np.pi * 660 * t) + 0.05 * rng.standard_normal(len(t))
    chord = np.stack([left, right], axis=1).astype(np.float32)
    for subtype, name in [("PCM_16", "chord.wav"), ("PCM_U8", "chord-u8.wav"), ("PCM_24", "chord-24.wav"),
                          ("PCM_32", "chord-32.wav"), ("FLOAT", "chord-float.wav"), ("DOUBLE", "chord-double.wav")]:
        sf.write(os.path.join(AUDIO, name), chord, sr, subtype=subtype)
    sf.write(os.path.join(AUDIO, "chord.flac"), chord, sr, format="FLAC", subtype="PCM_16")
    sf.write(os.path.join(AUDIO, "chord.ogg"), chord, sr, format="OGG", subtype="VORBIS")
    sf.write(os.path.join(AUDIO, "chord.mp3"), chord, sr, format="MP3", subtype="MPEG_LAYER_III")

    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "speech.wav")
        subprocess.run(["espeak-ng", "-v", "en", "-s", "170", "-w", raw, "a cow says moo"], check=True)
        speech, ssr = sf.read(raw, dtype="float32")
    sf.write(os.path.join(AUDIO, "speech.wav"), speech, ssr, subtype="PCM_16")

    lsr = 44100
    lt = np.arange(int(2.6 * lsr)) / lsr
    sweep = 0.3 * np.sin(2 * np.pi * (200 + 400 * lt) * lt) * (0.6 + 0.4 * np.sin(2 * np.pi * 1.5 * lt))
    sf.write(os.path.join(AUDIO, "long.wav"), (sweep + 0.02 * rng.standard_normal(len(lt))).astype(np.float32), lsr, subtype="PCM_16")

    # Broken files.
    for name in ["chord.wav", "chord.flac", "chord.ogg", "chord.mp3"]:
        data = open(os.path.join(AUDIO, name), "rb").read()
        stem, ext = os.path.splitext(name)
        open(os.path.join(AUDIO, stem + "-truncated" + ext), "wb").write(data[: len(data) // 3])
        bad = bytearray(data)
        # Past the signature: WAV's sample data can be any bytes, so its format chunk is what breaks.
        for i in range(12 if ext == ".wav" else 64, len(bad) - 16):
            bad[i] = (i * 31 + 7) & 0xFF
        open(os.path.join(AUDIO, stem + "-corrupt" + ext), "wb").write(bytes(bad))
    open(os.path.join(AUDIO, "empty.wav"), "wb").close()
    make_decoder_cases()
    with open(os.path.join(HERE, "reference", "small.png"), "rb") as png:
        open(os.path.join(AUDIO, "picture.wav"), "wb").write(png.read())


def make_decoder_cases():
    """Real-world shapes that broke decoders: a sound in one Ogg page, 24-bit 96 kHz FLAC, a WAV
    holding a codec the JDK cannot read (Ogg Vorbis in WAV, tag 0x674f, as some sample packs ship)."""
    sr = 44100
    t = np.arange(int(0.1 * sr)) / sr
    hit = (0.5 * np.sin(2 * np.pi * 180 * t) * np.exp(-t * 30)).astype(np.float32)
    sf.write(os.path.join(AUDIO, "hit-one-page.ogg"), hit, sr, format="OGG", subtype="VORBIS")
    hr = 96000
    th = np.arange(int(0.1 * hr)) / hr
    sf.write(os.path.join(AUDIO, "tone-24bit-96k.flac"), (0.4 * np.sin(2 * np.pi * 1000 * th)).astype(np.float32), hr,
             format="FLAC", subtype="PCM_24")
    wav = bytearray(open(os.path.join(AUDIO, "chord.wav"), "rb").read())
    assert wav[12:16] == b"fmt "
    wav[20:22] = (0x674F).to_bytes(2, "little")
    open(os.path.join(AUDIO, "vorbis-in.wav"), "wb").write(bytes(wav))


def read_mono(name):
    data, sr = sf.read(os.path.join(AUDIO, name), dtype="float64")
    if data.ndim == 2:
        data = data.mean(axis=1)
    return data.astype(np.float32), sr


# ---------------------------------------------------------------- features from the formulas

def hz_to_mel(f, scale):
    if scale == "htk":
        return 2595.0 * np.log10(1.0 + f / 700.0)
    f = np.asarray(f, dtype=np.float64)
    return np.where(f >= 1000.0, 15.0 + np.log(np.maximum(f, 1e-9) / 1000.0) * (27.0 / np.log(6.4)), 3.0 * f / 200.0)


def mel_to_hz(m, scale):
    if scale == "htk":
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    return np.where(m >= 15.0, 1000.0 * np.exp(np.log(6.4) / 27.0 * (m - 15.0)), 200.0 * m / 3.0)


def mel_filters(n_fft, n_mels, fmin, fmax, sr, scale, slaney_norm):
    bins = n_fft // 2 + 1
    mels = np.linspace(hz_to_mel(fmin, scale), hz_to_mel(fmax, scale), n_mels + 2)
    freqs = mel_to_hz(mels, scale)
    fft_freqs = np.linspace(0, sr // 2, bins)
    fb = np.zeros((bins, n_mels))
    for m in range(n_mels):
        down = (fft_freqs - freqs[m]) / (freqs[m + 1] - freqs[m])
        up = (freqs[m + 2] - fft_freqs) / (freqs[m + 2] - freqs[m + 1])
        fb[:, m] = np.maximum(0.0, np.minimum(down, up))
        if slaney_norm:
            fb[:, m] *= 2.0 / (freqs[m + 2] - freqs[m])
    return fb


def log_mel(wave, pre, scale, slaney_norm):
    n_fft, hop = pre["fft_window_size"], pre["hop_length"]
    fb = mel_filters(n_fft, pre["feature_size"], pre["frequency_min"], pre["frequency_max"], pre["sampling_rate"], scale, slaney_norm)
    x = np.pad(wave.astype(np.float64), n_fft // 2, mode="reflect")
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft)
    frames = 1 + (len(x) - n_fft) // hop
    power = np.stack([np.abs(np.fft.rfft(x[i * hop: i * hop + n_fft] * window)) ** 2 for i in range(frames)])
    mel = np.maximum(1e-10, power @ fb)
    return (10.0 * np.log10(mel)).astype(np.float32)


def fit(wave, max_samples, padding):
    if len(wave) >= max_samples:
        return wave
    if padding == "repeatpad":
        wave = np.tile(wave, max_samples // len(wave))
    elif padding == "repeat":
        wave = np.tile(wave, max_samples // len(wave) + 1)[:max_samples]
    return np.pad(wave, (0, max_samples - len(wave)))


def features(wave, pre):
    max_samples = int(pre["max_length_s"] * pre["sampling_rate"])
    fusion = pre["truncation"] == "fusion"
    if len(wave) > max_samples:
        if not fusion:
            return log_mel(wave[:max_samples], pre, "slaney", True)[None], True
        mel = log_mel(wave, pre, "htk", False)
        chunk = max_samples // pre["hop_length"] + 1
        if mel.shape[0] == chunk:
            return np.stack([mel] * 4), False
        ranges = np.array_split(np.arange(0, mel.shape[0] - chunk + 1), 3)
        starts = [int(r[(len(r) - 1) // 2]) if len(r) else 0 for r in ranges]
        shrunk = torch.nn.functional.interpolate(torch.tensor(mel[None, None].astype(np.float64)), size=[chunk, mel.shape[1]],
                                                 mode="bilinear", align_corners=False)[0, 0].numpy().astype(np.float32)
        return np.stack([shrunk] + [mel[s: s + chunk] for s in starts]), True
    padded = fit(wave, max_samples, pre["padding"])
    if fusion:
        return np.stack([log_mel(padded, pre, "htk", False)] * 4), False
    return log_mel(padded, pre, "slaney", True)[None], False


# ---------------------------------------------------------------- tiny CLAP towers

class ClapText(nn.Module):
    """ClapTextModelWithProjection's shape: first-token pooling, then a projection (text_embeds)."""

    def __init__(self, width, dim):
        super().__init__()
        self.text = base.TextTower(width, 77, causal=False)
        self.proj = nn.Linear(width, dim)

    def forward(self, input_ids, attention_mask):
        h = self.text.hidden(input_ids, attention_mask)
        return self.proj(h[:, 0]), h


class ClapAudio(nn.Module):
    """ClapAudioModelWithProjection's interface: input_features [batch, channels, frames, mels] -> audio_embeds."""

    def __init__(self, channels, dim, fused):
        super().__init__()
        self.conv = nn.Conv2d(channels, 8, kernel_size=4, stride=4)
        self.proj = nn.Linear(8, dim)
        self.longer = nn.Parameter(torch.randn(dim) * 0.5)
        self.fused = fused

    def forward(self, input_features, is_longer=None):
        h = torch.nn.functional.gelu(self.conv(input_features / 50.0))
        e = self.proj(h.mean(dim=(2, 3)))
        if self.fused:
            e = e + is_longer.float() * self.longer
        return e


def build_clap(name, truncation, clip_tok_dir, bpe, reference):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    base.copy_tokenizer(clip_tok_dir, folder, ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"])
    pre = {
        "feature_extractor_type": "ClapFeatureExtractor", "feature_size": 64, "fft_window_size": 1024, "hop_length": 480,
        "max_length_s": WINDOW_S, "nb_max_samples": WINDOW_S * RATE, "frequency_min": 50, "frequency_max": 14000,
        "padding": "repeatpad", "padding_side": "right", "padding_value": 0.0, "return_attention_mask": False,
        "sampling_rate": RATE, "top_db": None, "truncation": truncation, "processor_class": "ClapProcessor",
    }
    base.write_json(os.path.join(folder, "preprocessor_config.json"), pre)
    base.write_json(os.path.join(folder, "config.json"), {
        "architectures": ["ClapModel"], "model_type": "clap", "projection_dim": 16,
        "text_config": {"model_type": "clap_text_model", "hidden_size": 32, "max_position_embeddings": 77},
        "audio_config": {"model_type": "clap_audio_model", "enable_fusion": truncation == "fusion", "num_mel_bins": 64},
    })
    fused = truncation == "fusion"
    channels = 4 if fused else 1
    text, audio = ClapText(32, 16), ClapAudio(channels, 16, fused)
    ids, mask = base.pad_batch([bpe.encode("a sound", 77)], bpe.eos)
    base.export(text, (ids, mask), os.path.join(folder, "onnx", "text_model.onnx"), ["input_ids", "attention_mask"],
                ["text_embeds", "last_hidden_state"],
                {"input_ids": {0: "batch_size", 1: "sequence_length"}, "attention_mask": {0: "batch_size", 1: "sequence_length"},
                 "text_embeds": {0: "batch_size"}, "last_hidden_state": {0: "batch_size", 1: "sequence_length"}})
    frames = WINDOW_S * RATE // 480 + 1
    dummy = torch.zeros(1, channels, frames, 64)
    if fused:
        base.export(audio, (dummy, torch.zeros(1, 1, dtype=torch.bool)), os.path.join(folder, "onnx", "audio_model.onnx"),
                    ["input_features", "is_longer"], ["audio_embeds"],
                    {"input_features": {0: "batch_size"}, "is_longer": {0: "batch_size"}, "audio_embeds": {0: "batch_size"}})
    else:
        base.export(audio, (dummy,), os.path.join(folder, "onnx", "audio_model.onnx"), ["input_features"], ["audio_embeds"],
                    {"input_features": {0: "batch_size"}, "audio_embeds": {0: "batch_size"}})

    sounds = ["chord.wav", "speech.wav", "long.wav"]
    entry = {"sounds": sounds, "features": {}, "longer": [], "audio_embeddings": [], "captions": CAPTIONS}
    with torch.no_grad():
        for s in sounds:
            wave, sr = read_mono(s)
            wave48 = torchaudio.functional.resample(torch.from_numpy(wave), sr, RATE).numpy()
            feats, longer = features(wave48, pre)
            wave_path = "audio." + s + ".48000.f32.gz"
            with gzip.open(os.path.join(HERE, "reference", wave_path), "wb") as f:
                f.write(wave48.astype("<f4").tobytes())
            path = name + "." + s + ".features.f32.gz"
            with gzip.open(os.path.join(HERE, "reference", path), "wb") as f:
                f.write(feats.astype("<f4").tobytes())
            entry["features"][s] = {"file": path, "shape": list(feats.shape), "resampled": wave_path}
            entry["longer"].append(bool(longer))
            x = torch.from_numpy(feats[None])
            e = audio(x, torch.tensor([[longer]])) if fused else audio(x)
            entry["audio_embeddings"].append(base.normalize(e)[0].tolist())
        seqs = [bpe.encode(c, 77) for c in CAPTIONS]
        ids, mask = base.pad_batch(seqs, bpe.eos)
        entry["text_embeddings"] = base.normalize(text(ids, mask)[0]).tolist()
    reference[name] = entry


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--clip-tokenizer", required=True)
    args = p.parse_args()
    make_sounds()
    bpe = base.ClipBpe(args.clip_tokenizer)
    reference = {}
    build_clap("clap-tiny", "rand_trunc", args.clip_tokenizer, bpe, reference)
    build_clap("clap-fused-tiny", "fusion", args.clip_tokenizer, bpe, reference)
    # The resampler alone, against torchaudio, for rates a collection brings.
    chord, sr = read_mono("chord.wav")
    reference["resample"] = {}
    for target in [16000, 44100, 48000]:
        out = torchaudio.functional.resample(torch.from_numpy(chord), sr, target).numpy()
        path = "resample.chord.%d.f32.gz" % target
        with gzip.open(os.path.join(HERE, "reference", path), "wb") as f:
            f.write(out.astype("<f4").tobytes())
        reference["resample"][str(target)] = {"file": path, "samples": int(len(out))}
    base.write_json(os.path.join(HERE, "reference", "audio.json"), reference)


if __name__ == "__main__":
    main()
