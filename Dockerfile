# backrub's web app as an image, for compose.yaml (several app servers on one PostgreSQL).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir . && useradd --create-home backrub
USER backrub
EXPOSE 8000
# Settings come from BACKRUB_* variables; the schema is brought up to date by the
# compose file's one-off `migrate` service before any app server starts.
CMD ["backrub", "serve", "--host", "0.0.0.0", "--port", "8000"]
