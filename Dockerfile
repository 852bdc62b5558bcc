# The app in a container: python:3.11-slim, CPU-only torch, a non-root user, only what runs; /app can be
# mounted read-only (docker run --read-only --tmpfs /tmp): the app writes only to /tmp, /data/feedback
# and its user's Hugging Face cache.
#   docker build -t nin-fashion-mnist .
#   docker run --rm -p 7860:7860 nin-fashion-mnist            # http://127.0.0.1:7860
# Several replicas behind nginx with sticky sessions: deploy/compose.yaml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The runtime set only, with the CPU build of torch first (pre-requirements.txt, as a Space installs it):
# no CUDA libraries, no torchvision, no test tools.
COPY pre-requirements.txt requirements.txt ./
RUN pip install -r pre-requirements.txt && pip install -r requirements.txt

# The runtime only (no tests, benchmarks, docs, data): owned by root, read-only for the app's user.
COPY app.py ./
COPY nin/ nin/
COPY weights/ weights/
COPY examples/ examples/

# The app's user; the feedback folder ("Keep this drawing") is a volume it owns, shared by the replicas
# (deploy/compose.yaml); the Hugging Face cache (Hub weights) is in its home.
RUN useradd --create-home --uid 10001 app \
    && mkdir -p /data/feedback /home/app/.cache/huggingface \
    && chown app:app /data/feedback /home/app/.cache /home/app/.cache/huggingface
VOLUME /data/feedback
USER app

# Gradio listens on all interfaces inside the container; its uploads and outputs go to
# /tmp/gradio (GRADIO_TEMP_DIR), per container. No analytics or telemetry calls from the replicas.
ENV GRADIO_SERVER_NAME=0.0.0.0 \
    GRADIO_SERVER_PORT=7860 \
    GRADIO_TEMP_DIR=/tmp/gradio \
    GRADIO_ANALYTICS_ENABLED=False \
    HF_HUB_DISABLE_TELEMETRY=1 \
    NIN_FEEDBACK_DIR=/data/feedback \
    MPLCONFIGDIR=/tmp/matplotlib

EXPOSE 7860

# No curl in the slim image: Python's urllib fetches the page.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/' % os.environ.get('GRADIO_SERVER_PORT', '7860'), timeout=4)"]

CMD ["python", "app.py"]
