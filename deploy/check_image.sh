#!/usr/bin/env bash
# The Docker image's steps without Docker (where the daemon or its base image cannot be had): the runtime
# requirement set in a fresh venv, the app's files owned by root and read-only, the app run as a non-root
# user with only /tmp, its Hugging Face cache and the feedback volume writable. Then: the page answers a
# drawing through gradio_client, `python -m nin.predict` classifies the examples, a correction is kept on
# the volume, and the user cannot write to /app. Prints the venv's size. Run as root, from the repository:
#   bash deploy/check_image.sh [WORKDIR]            (default /tmp/nin-image; removed at the start,
#                                                   except its venv with KEEP_VENV=1)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=${1:-/tmp/nin-image}
USER_NAME=nin-image
PORT=${PORT:-7871}
if [ "${KEEP_VENV:-0}" = 1 ] && [ -x "$WORK/venv/bin/python" ]; then  # a rerun: the venv as it is
  find "$WORK" -mindepth 1 -maxdepth 1 ! -name venv -exec rm -rf {} +
else
  rm -rf "$WORK" && mkdir -p "$WORK"
  echo "== the runtime set in a fresh venv (pre-requirements.txt, then requirements.txt, as the Dockerfile)"
  /usr/bin/python3.11 -m venv "$WORK/venv"  # not a python under /root, which the app's user cannot enter
  # The CPU index of pre-requirements.txt may be out of reach (here only PyPI is): then pip's own sources.
  "$WORK/venv/bin/pip" install -q --retries 0 --timeout 5 -r pre-requirements.txt 2>"$WORK/pip-pre.log" ||
    "$WORK/venv/bin/pip" install -q -r requirements.txt
  "$WORK/venv/bin/pip" install -q -r requirements.txt
fi
echo "venv: $(du -sh "$WORK/venv" | cut -f1), torch $("$WORK/venv/bin/python" -c 'import torch; print(torch.__version__)')"
"$WORK/venv/bin/python" -c "import torchvision" 2>/dev/null && { echo "torchvision is in the runtime set"; exit 1; }

echo "== the image's files: root's, read-only"
mkdir -p "$WORK/app/nin"
cp "$ROOT/app.py" "$WORK/app/"
cp "$ROOT"/nin/*.py "$WORK/app/nin/"             # not nin/lab, as .dockerignore
cp -r "$ROOT/weights" "$ROOT/examples" "$WORK/app/"
chown -R root:root "$WORK/app" && chmod -R a-w "$WORK/app"
id "$USER_NAME" >/dev/null 2>&1 || useradd --home-dir "$WORK/home" --no-create-home "$USER_NAME"
mkdir -p "$WORK/home/.cache/huggingface" "$WORK/data/feedback" "$WORK/tmp"
chown -R "$USER_NAME:" "$WORK/home" "$WORK/data" "$WORK/tmp"
chmod 755 "$WORK"

as_user() {  # the Dockerfile's ENV, as the app's user, in /app
  cd "$WORK/app" && runuser -u "$USER_NAME" -- env -i PATH=/usr/bin:/bin HOME="$WORK/home" TMPDIR="$WORK/tmp" \
    GRADIO_SERVER_NAME=127.0.0.1 GRADIO_SERVER_PORT="$PORT" GRADIO_TEMP_DIR="$WORK/tmp/gradio" \
    GRADIO_ANALYTICS_ENABLED=False HF_HUB_DISABLE_TELEMETRY=1 HF_HUB_OFFLINE="${HF_HUB_OFFLINE:-1}" \
    NIN_FEEDBACK_DIR="$WORK/data/feedback" MPLCONFIGDIR="$WORK/tmp/matplotlib" PYTHONDONTWRITEBYTECODE=1 "$@"
}
export -f as_user
export WORK USER_NAME PORT

echo "== python -m nin.predict, as the app's user"
(as_user "$WORK/venv/bin/python" -m nin.predict examples/*.png | head -3)

echo "== python app.py, as the app's user"
# In a session of its own, so that the app, its worker processes and runuser stop together.
setsid bash -c 'as_user "$WORK/venv/bin/python" app.py' >"$WORK/app.log" 2>&1 &
APP=$!
trap 'kill -- -$APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT
for _ in $(seq 240); do
  curl -fs "http://127.0.0.1:$PORT/" >/dev/null && break
  kill -0 $APP 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
  sleep 0.5
done
python3 - "$PORT" <<'PY'
import sys
from gradio_client import Client
from nin.sketch_values import pad_value
client = Client(f"http://127.0.0.1:{sys.argv[1]}", verbose=False, download_files=False)
answer = client.predict(pad_value("examples/1_trouser.png"), "block1.relu", 0, api_name="/predict_sketch")
print("the page answers a drawing:", answer[0]["label"])
PY

echo "== a correction kept on the volume; /app not writable"
(as_user "$WORK/venv/bin/python" -) <<'PY'
import numpy as np
from PIL import Image
from nin.feedback import FeedbackStore
from nin.preprocess import CLASSES
store = FeedbackStore.from_env()
entry = store.save(1, Image.new("L", (448, 448), 255), np.zeros((28, 28), np.float32),
                   {name: 0.1 for name in CLASSES}, "0" * 64)
print("kept:", store.folder / entry["file_name"])
try:
    open("written-in-app", "w")
    raise SystemExit("/app is writable")
except OSError as error:
    print("/app is read-only for the app:", type(error).__name__)
PY
ls "$WORK/data/feedback/drawings" | wc -l | xargs echo "drawings on the volume:"
echo "OK"
