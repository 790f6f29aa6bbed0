#!/bin/sh
# Makes the two fixture videos of this folder (walk.mp4, music.mp4) from the pictures and sounds in ../bind/
# and two synthetic pictures drawn here by ffmpeg. Shots, times and sources: README.md and truth.json.
#
#   sh models/test/reference/video/make.sh      (from anywhere; needs Debian's ffmpeg with libx264)
#
# Every shot lasts exactly 4 s (100 frames at 25 fps), joined by hard cuts. A shot is its picture scaled 4x
# (64 -> 256 px, bicubic) centred on a plain background at twice the frame size, then ffmpeg's zoompan zooms
# gently from 1.0 to 1.15 (smoothstep), so frames inside a shot differ a little. A shot's sound is its
# .ogg cut to 4 s or padded with silence to 4 s. Single-threaded, bitexact flags: reruns give the same files
# with the same ffmpeg.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bind="$here/../bind"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

FPS=25
FRAMES=100   # 4 s
ZOOM="z='1+0.15*(on/99)*(on/99)*(3-2*(on/99))':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1"

# shot OUT W H BACKGROUND [PICTURE]: a 4 s silent shot (FFV1, lossless) of PICTURE on a plain colour,
# or, without PICTURE, of BACKGROUND alone (a lavfi source expression at twice the frame size).
shot() {
  out=$1 w=$2 h=$3 bg=$4
  if [ $# -ge 5 ]; then
    ffmpeg -nostdin -v error -y -threads 1 -f lavfi -i "color=c=$bg:s=$((w * 2))x$((h * 2)):r=$FPS:d=4" \
      -loop 1 -framerate $FPS -t 4 -i "$5" -filter_complex \
      "[1:v]scale=256:256:flags=bicubic[p];[0:v][p]overlay=(W-w)/2:(H-h)/2:shortest=1,zoompan=$ZOOM:s=${w}x${h}:fps=$FPS,format=yuv420p,setsar=1" \
      -frames:v $FRAMES -c:v ffv1 "$out"
  else
    ffmpeg -nostdin -v error -y -threads 1 -f lavfi -i "$bg" -filter_complex \
      "[0:v]zoompan=$ZOOM:s=${w}x${h}:fps=$FPS,format=yuv420p,setsar=1" -frames:v $FRAMES -c:v ffv1 "$out"
  fi
}

# video OUT RATE CHANNELS SHOT1 SOUND1 SHOT2 SOUND2 SHOT3 SOUND3: the three shots cut together with their
# sounds, H.264 CRF 30 + AAC 48 kb/s.
video() {
  out=$1 rate=$2 ch=$3
  shift 3
  up=""
  [ "$ch" = 2 ] && up="pan=stereo|c0=c0|c1=c0,"   # the sounds are mono: the same signal on both channels, no -3 dB
  a="${up}aresample=$rate,apad,atrim=end_sample=$((rate * 4)),asetpts=N/SR/TB"
  ffmpeg -nostdin -v error -y -threads 1 -filter_threads 1 -i "$1" -i "$3" -i "$5" -i "$2" -i "$4" -i "$6" -filter_complex \
    "[3:a]$a[a0];[4:a]$a[a1];[5:a]$a[a2];[0:v][a0][1:v][a1][2:v][a2]concat=n=3:v=1:a=1[v][a]" \
    -map "[v]" -map "[a]" -c:v libx264 -preset medium -crf 30 -pix_fmt yuv420p -threads 1 -r $FPS \
    -c:a aac -b:a 48k -ar "$rate" -ac "$ch" \
    -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -movflags +faststart "$out"
}

# walk.mp4: 224x224, audio 44.1 kHz stereo (the mono sounds on both channels)
shot "$tmp/w0.nut" 224 224 0x87BEEB "$bind/sea-waves.png"    # sky blue
shot "$tmp/w1.nut" 224 224 0x5AA046 "$bind/bird.png"         # grass green
shot "$tmp/w2.nut" 224 224 0xE1CD96 "$bind/helicopter.png"   # sand
video "$here/walk.mp4" 44100 2 "$tmp/w0.nut" "$bind/sea-waves.ogg" "$tmp/w1.nut" "$bind/bird.ogg" \
  "$tmp/w2.nut" "$bind/helicopter.ogg"

# music.mp4: 256x192, audio 48 kHz mono
shot "$tmp/m0.nut" 256 192 0xF0AAC8 "$bind/flute.png"        # pink
# a yellow square on a navy background
shot "$tmp/m1.nut" 256 192 "color=c=0x19235A:s=512x384:r=$FPS:d=4,drawbox=x=176:y=112:w=160:h=160:color=0xF5E15A:t=fill"
# three white horizontal stripes on a vertical orange-to-purple gradient
shot "$tmp/m2.nut" 256 192 "gradients=s=512x384:r=$FPS:d=4:c0=0xF09632:c1=0x643C8C:x0=0:y0=0:x1=0:y1=383:n=2:speed=0.00001:seed=1,format=rgb24,drawbox=x=0:y=72:w=512:h=32:color=white:t=fill,drawbox=x=0:y=176:w=512:h=32:color=white:t=fill,drawbox=x=0:y=280:w=512:h=32:color=white:t=fill"
video "$here/music.mp4" 48000 1 "$tmp/m0.nut" "$bind/flute.ogg" "$tmp/m1.nut" "$bind/trumpet.ogg" \
  "$tmp/m2.nut" "$bind/banjo.ogg"

ls -l "$here/walk.mp4" "$here/music.mp4"
