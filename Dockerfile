# reconcile service image. The database is a separate container (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends build-essential curl \
    && rm -rf /var/lib/apt/lists/*
# CPU-only torch first, so sentence-transformers does not pull CUDA wheels.
RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu "torch==2.13.0" \
    || pip install --no-cache-dir "torch==2.13.0"
COPY pyproject.toml README.md requirements-parser.txt ./
COPY reconcile ./reconcile
COPY schemas ./schemas
COPY seeds ./seeds
RUN pip install --no-cache-dir -e . \
    && pip install --no-cache-dir --no-deps --require-hashes -r requirements-parser.txt

EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
    CMD curl -fsS http://127.0.0.1:8000/health || exit 1
CMD ["reconcile", "serve", "--host", "0.0.0.0", "--port", "8000", "--seed"]
