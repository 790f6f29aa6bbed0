#!/bin/sh
# Makes the video decoder's test fixtures (engine/src/test/resources/video/*). The outputs are
# committed: CI has no ffmpeg. Run from this folder with Debian's ffmpeg (5.1, with libx264,
# libx265, libvpx, libaom, libvorbis, libopus):
#
#   sh make-fixtures.sh
#
# Every clip is made from lavfi sources (testsrc2, smptebars, mandelbrot, color, sine), tiny
# (160x90 unless the test is about size) and a few seconds long; all together stay under 400 KB.
# Encoders are not bit-for-bit reproducible across versions: tests assert what the clips show
# (sizes, durations, cut times, codecs), never bytes.
set -eu
cd "$(dirname "$0")"

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }

S=160x90
# A fixed bitexact muxer so reruns of one ffmpeg give the same bytes.
BITEXACT="-fflags +bitexact -flags:v +bitexact -flags:a +bitexact"

# ---- one file per container and codec pair ------------------------------------------------

# MP4, H.264 + AAC, 3 s, 25 fps; the index (moov) first, so a cut copy still decodes its first part.
ff -f lavfi -i "testsrc2=s=$S:r=25:d=3" -f lavfi -i "sine=f=440:r=44100:d=3" -ac 2 \
  -c:v libx264 -preset veryfast -crf 32 -pix_fmt yuv420p -c:a aac -b:a 32k $BITEXACT \
  -movflags +faststart h264-aac.mp4

# MOV (QuickTime brand), H.264 + AAC, 2 s.
ff -f lavfi -i "smptebars=s=$S:r=25:d=2" -f lavfi -i "sine=f=660:r=48000:d=2" \
  -c:v libx264 -preset veryfast -crf 32 -pix_fmt yuv420p -c:a aac -b:a 32k $BITEXACT -f mov h264.mov

# WebM, VP8 + Vorbis, 2 s.
ff -f lavfi -i "testsrc2=s=$S:r=25:d=2" -f lavfi -i "sine=f=330:r=44100:d=2" \
  -c:v libvpx -b:v 100k -deadline good -cpu-used 5 -threads 1 -c:a libvorbis -q:a 0 $BITEXACT vp8-vorbis.webm

# WebM, VP9 + Opus, 2 s.
ff -f lavfi -i "testsrc2=s=$S:r=25:d=2" -f lavfi -i "sine=f=550:r=48000:d=2" \
  -c:v libvpx-vp9 -b:v 100k -deadline good -cpu-used 5 -threads 1 -c:a libopus -b:a 24k $BITEXACT vp9-opus.webm

# Matroska, H.265 + AAC, 2 s.
ff -f lavfi -i "testsrc2=s=$S:r=25:d=2" -f lavfi -i "sine=f=770:r=44100:d=2" \
  -c:v libx265 -preset ultrafast -crf 32 -x265-params log-level=error -pix_fmt yuv420p \
  -c:a aac -b:a 32k $BITEXACT h265-aac.mkv

# Matroska, AV1 (libaom) + Opus, 2 s.
ff -f lavfi -i "testsrc2=s=$S:r=25:d=2" -f lavfi -i "sine=f=880:r=48000:d=2" \
  -c:v libaom-av1 -cpu-used 8 -threads 1 -crf 45 -b:v 0 -g 50 -pix_fmt yuv420p -c:a libopus -b:a 24k $BITEXACT av1-opus.mkv

# MP4, H.264 alone (no audio track), 2 s; the index (moov) last, as ffmpeg writes by default, so a
# cut copy has no index at all.
ff -f lavfi -i "testsrc2=s=$S:r=25:d=2" -c:v libx264 -preset veryfast -crf 32 -pix_fmt yuv420p $BITEXACT no-audio.mp4

# WebM as a live recorder writes it (to a pipe): no duration, no index (cues). VP9, 2 s.
ffmpeg -nostdin -hide_banner -loglevel error -f lavfi -i "testsrc2=s=$S:r=25:d=2" -c:v libvpx-vp9 -b:v 40k \
  -deadline good -cpu-used 5 -threads 1 $BITEXACT -f webm pipe:1 > live.webm

# MP4 shot on a phone held upright: 160x90 stored, the track header's matrix turning it a quarter
# clockwise (what phones write; ffmpeg 5.1's mov muxer no longer takes a "rotate" tag, so the matrix
# is patched in: a=0 b=1 c=-1 d=0 tx=height, as movenc writes for rotate=90).
ff -f lavfi -i "smptebars=s=$S:r=25:d=1" -c:v libx264 -preset veryfast -crf 32 -pix_fmt yuv420p $BITEXACT rotated.mp4
python3 - rotated.mp4 <<'PY'
import struct, sys
path = sys.argv[1]
b = bytearray(open(path, 'rb').read())
tkhd = b.index(b'tkhd')               # version 0: the matrix (nine 32-bit values) 40 bytes after version/flags
assert b[tkhd + 4] == 0
struct.pack_into('>9i', b, tkhd + 4 + 40, 0, 0x10000, 0, -0x10000, 0, 0, 90 << 16, 0, 0x40000000)
open(path, 'wb').write(b)
PY

# ---- shots ------------------------------------------------------------------------------

# Three shots with hard cuts at exactly 3 s and 6 s (9 s, 25 fps): a moving test pattern fading in
# from black over its first second, colour bars, a fractal zooming in. Mono sine under all.
ff -f lavfi -i "testsrc2=s=$S:r=25:d=3,fade=t=in:st=0:d=1" \
   -f lavfi -i "smptebars=s=$S:r=25:d=3" \
   -f lavfi -i "mandelbrot=s=$S:r=25,trim=duration=3" \
   -f lavfi -i "sine=f=440:r=22050:d=9" \
   -filter_complex "[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]" -map "[v]" -map 3:a \
   -c:v libx264 -preset veryfast -crf 40 -pix_fmt yuv420p -c:a aac -b:a 24k $BITEXACT \
   -movflags +faststart three-shots.mp4

# One shot, 8 s: a slow zoom (1.0 to 1.4) with a pan over one still picture (the first frame of
# testsrc2), then a fade to black over the last 2 s. No shot change anywhere.
ff -f lavfi -i "testsrc2=s=640x360:r=25:d=1" -frames:v 1 -update 1 still.png
ff -loop 1 -framerate 25 -i still.png \
  -vf "zoompan=z='1+0.002*on':x='iw/2-(iw/zoom/2)+on*0.4':y='ih/2-(ih/zoom/2)':d=1:s=$S:fps=25,fade=t=out:st=6:d=2" \
  -t 8 -c:v libx264 -preset veryfast -crf 34 -pix_fmt yuv420p $BITEXACT -movflags +faststart slow-zoom.mp4
rm still.png

# A black leader (1.5 s) before colour bars (1.5 s): the poster must be the bars.
ff -f lavfi -i "color=c=black:s=$S:r=25:d=1.5" -f lavfi -i "smptebars=s=$S:r=25:d=1.5" \
  -filter_complex "[0:v][1:v]concat=n=2:v=1:a=0[v]" -map "[v]" \
  -c:v libx264 -preset veryfast -crf 34 -pix_fmt yuv420p $BITEXACT black-leader.mp4

# ---- over the default limits ------------------------------------------------------------

# Declares 24 hours: a 16x16 grey picture shown for 400 s a frame (216 frames, a few KB).
ff -f lavfi -i "color=c=gray:s=16x16:r=1/400" -t 86400 -c:v libx264 -preset veryfast -crf 40 \
  -pix_fmt yuv420p $BITEXACT day.mp4

# 1,000 frames per second (0.1 s, 16x16).
ff -f lavfi -i "testsrc2=s=16x16:r=1000:d=0.1" -c:v libx264 -preset veryfast -crf 40 -pix_fmt yuv420p \
  $BITEXACT fps1000.mp4

# Declares 16,384 x 16,384 (268 MP): a 16x16 H.264 clip whose track header (tkhd) and sample
# entry (avc1) are patched to say 16384 x 16384. A real frame that size cannot be made here
# (FFmpeg's image checks stop at about 16,256 x 16,256, and libvpx ran out of memory), and the
# decoder must refuse it from the header anyway, before any frame is decoded.
ff -f lavfi -i "testsrc2=s=16x16:r=5:d=0.4" -c:v libx264 -preset veryfast -pix_fmt yuv420p $BITEXACT side-16384.mp4
python3 - side-16384.mp4 <<'PY'
import struct, sys
path = sys.argv[1]
b = bytearray(open(path, 'rb').read())
avc1 = b.index(b'avc1', b.index(b'stsd'))  # sample entry (not the ftyp brand): width and height (16-bit) 24 bytes after the type
struct.pack_into('>HH', b, avc1 + 4 + 24, 16384, 16384)
tkhd = b.index(b'tkhd')              # version 0 track header: width and height (16.16) 76 bytes after version/flags
assert b[tkhd + 4] == 0
struct.pack_into('>II', b, tkhd + 4 + 76, 16384 << 16, 16384 << 16)
open(path, 'wb').write(b)
PY

# Ultra HD (3840 x 2160), 2 s at 1 fps: within the limits, decoded in a small heap.
ff -f lavfi -i "smptebars=s=3840x2160:r=1:d=2" -c:v libx264 -preset veryfast -crf 40 -pix_fmt yuv420p \
  $BITEXACT uhd.mp4

# One hour: 32x18 colour bars slowly turning through every hue, one frame every 2 s (1,800
# frames), for the sampling plan (720 samples at most) and seeking: a keyframe every 10 frames.
ff -f lavfi -i "smptebars=s=32x18:r=1/2:d=3600,hue=h=t/10" -t 3600 -c:v libx264 -preset veryfast -crf 51 \
  -g 10 -pix_fmt yuv420p $BITEXACT -movflags +faststart hour.mp4

# ---- containers mmsearch refuses ---------------------------------------------------------

ff -f lavfi -i "testsrc2=s=16x16:r=5:d=0.4" -c:v mjpeg $BITEXACT refused.avi
ff -f lavfi -i "testsrc2=s=16x16:r=5:d=0.4" -c:v flv1 $BITEXACT refused.flv
ff -f lavfi -i "testsrc2=s=16x16:r=5:d=0.4" -c:v libx264 -preset veryfast -pix_fmt yuv420p $BITEXACT -f mpegts refused.ts
ff -f lavfi -i "testsrc2=s=16x16:r=5:d=0.4" $BITEXACT refused.gif
# An MP4 holding only sound (M4A): no video stream.
ff -f lavfi -i "sine=f=440:r=8000:d=0.5" -c:a aac -b:a 16k $BITEXACT sound-only.m4a

ls -l
du -cb *.mp4 *.mov *.webm *.mkv *.avi *.flv *.ts *.gif *.m4a | tail -1
