# The app in a container: python:3.11-slim, CPU-only torch, a non-root user, only what runs.
#   docker build -t nin-fashion-mnist .
#   docker run --rm -p 7860:7860 nin-fashion-mnist            # http://127.0.0.1:7860
# Several replicas behind nginx with sticky sessions: deploy/compose.yaml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# CPU-only torch: PyTorch's index has torch==2.14.1 as 2.14.1+cpu, which satisfies the pin in
# requirements.txt and is the one pip picks (a local version sorts above the plain one), instead of
# PyPI's Linux wheel and its gigabytes of CUDA libraries. The other pins resolve as usual.
COPY requirements.txt .
RUN pip install --extra-index-url https://download.pytorch.org/whl/cpu -r requirements.txt

# The runtime only (no tests, benchmarks, docs, data): owned by root, read-only for the app's user.
COPY app.py ./
COPY nin/ nin/
COPY weights/ weights/
COPY examples/ examples/

RUN useradd --create-home --uid 10001 app
USER app

# Gradio listens on all interfaces inside the container; its uploads and outputs go to
# /tmp/gradio (GRADIO_TEMP_DIR), per container. No analytics or telemetry calls from the replicas.
ENV GRADIO_SERVER_NAME=0.0.0.0 \
    GRADIO_SERVER_PORT=7860 \
    GRADIO_TEMP_DIR=/tmp/gradio \
    GRADIO_ANALYTICS_ENABLED=False \
    HF_HUB_DISABLE_TELEMETRY=1

EXPOSE 7860

# No curl in the slim image: Python's urllib fetches the page.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/' % os.environ.get('GRADIO_SERVER_PORT', '7860'), timeout=4)"]

CMD ["python", "app.py"]
