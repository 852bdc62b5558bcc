"""A stand-in for the Hugging Face Hub's HTTP API, for tests: two threaded HTTP servers on
127.0.0.1 (random free ports), the "Hub" and its "CDN", that answer the way huggingface.co does
for what ``snapshot_download`` and ``hf_hub_download`` ask:

* ``GET /api/models/{repo_id}[/revision/{revision}]``: the repo's info at that revision (``sha``: its commit);
* ``GET /api/models/{repo_id}/tree/{revision}?recursive=true``: its files (``oid``, ``size``, ``lfs``);
* ``HEAD``/``GET /{repo_id}/resolve/{revision}/{filename}``:

* every answer for a known revision carries ``X-Repo-Commit`` (the 40-hex commit sha);
* a regular file: ``200`` with ``ETag`` (its git blob sha1) and ``Content-Length``;
* an LFS file (``*.safetensors``): ``302`` to the CDN (another origin, as on the Hub; ``/cdn/{sha256}/{filename}``) with
  ``X-Linked-Etag`` (its sha256) and ``X-Linked-Size``; the CDN serves the bytes;
* a missing file: ``404`` + ``X-Error-Code: EntryNotFound``; an unknown revision: ``404`` +
  ``RevisionNotFound``; an unknown repo: ``401`` + ``RepoNotFound`` (what the Hub answers
  anonymous callers).

Every request is recorded in :attr:`FakeHub.requests`, so that tests can see the cache at work.
"""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

LFS_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth")


def git_blob_sha1(data: bytes) -> str:
    """What the Hub uses as the ETag of a regular (non-LFS) file."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class FakeHub:
    def __init__(self):
        self.repos: dict[str, dict] = {}   # repo_id -> {"commits": {sha: {name: bytes}}, "refs": {name: sha}}
        self.blobs: dict[str, bytes] = {}  # sha256 -> bytes, what the CDN serves
        self.requests: list[tuple[str, str]] = []  # (method, path), Hub and CDN alike
        self._lock = threading.Lock()
        self._servers: list[ThreadingHTTPServer] = []

    # ------------------------------------------------------------------ content

    def add_commit(self, repo_id: str, files: dict[str, bytes], *, commit: str | None = None,
                   branch: str | None = "main") -> str:
        """Add a commit with these files (name -> bytes); move ``branch`` to it; return its sha."""
        repo = self.repos.setdefault(repo_id, {"commits": {}, "refs": {}})
        if commit is None:
            digest = hashlib.sha1(f"{repo_id}:{len(repo['commits'])}".encode())
            for name in sorted(files):
                digest.update(name.encode() + hashlib.sha256(files[name]).digest())
            commit = digest.hexdigest()
        repo["commits"][commit] = dict(files)
        if branch:
            repo["refs"][branch] = commit
        return commit

    def add_folder(self, repo_id: str, folder, **kwargs) -> str:
        files = {p.name: p.read_bytes() for p in sorted(Path(folder).iterdir()) if p.is_file()}
        return self.add_commit(repo_id, files, **kwargs)

    # ------------------------------------------------------------------ requests

    def count(self, method: str | None = None, filename: str | None = None) -> int:
        with self._lock:
            return sum(1 for m, path in self.requests
                       if (method is None or m == method) and (filename is None or path.endswith("/" + filename)))

    def _record(self, method: str, path: str) -> None:
        with self._lock:
            self.requests.append((method, path))

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        host, port = self._servers[0].server_address[:2]
        return f"http://{host}:{port}"

    @property
    def cdn_url(self) -> str:
        host, port = self._servers[1].server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeHub":
        for handler in (self._hub_handler(), self._cdn_handler()):
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
            self._servers.append(server)
        return self

    def stop(self) -> None:
        """Shut both servers and close their sockets: from now on, connections are refused."""
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> "FakeHub":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ handlers

    def _hub_handler(self):
        hub = self

        class Handler(_Quiet):
            def do_HEAD(self):
                self._resolve(body=False)

            def do_GET(self):
                self._resolve(body=True)

            def _resolve(self, body: bool):
                hub._record(self.command, self.path)
                parts = urlsplit(self.path).path.lstrip("/").split("/")
                if parts[:2] == ["api", "models"] and len(parts) == 4:  # the repo's info at its main branch
                    return self._api(parts[2] + "/" + parts[3], "revision", "main", body)
                if parts[:2] == ["api", "models"] and len(parts) >= 6 and parts[4] in ("revision", "tree"):
                    return self._api(parts[2] + "/" + parts[3], parts[4], unquote(parts[5]), body)
                if len(parts) < 5 or parts[2] != "resolve":
                    return self.reply(404, {}, b"Not Found", body)
                repo_id, revision, filename = f"{parts[0]}/{parts[1]}", unquote(parts[3]), unquote("/".join(parts[4:]))
                repo = hub.repos.get(repo_id)
                if repo is None:
                    return self.error(401, "RepoNotFound", "Repository not found", body)
                commit = repo["refs"].get(revision, revision if revision in repo["commits"] else None)
                if commit is None:
                    return self.error(404, "RevisionNotFound", "Invalid rev id: " + revision, body)
                data = repo["commits"][commit].get(filename)
                if data is None:
                    return self.error(404, "EntryNotFound", "Entry not found", body, commit=commit)
                headers = {"X-Repo-Commit": commit}
                if filename.endswith(LFS_SUFFIXES):
                    sha256 = hashlib.sha256(data).hexdigest()
                    hub.blobs[sha256] = data
                    headers.update({"Location": f"{hub.cdn_url}/cdn/{sha256}/{filename}",
                                    "X-Linked-Etag": f'"{sha256}"', "X-Linked-Size": str(len(data)),
                                    "ETag": f'"{git_blob_sha1(data)}"'})
                    return self.reply(302, headers, b"", body)
                headers["ETag"] = f'"{git_blob_sha1(data)}"'
                return self.reply(200, headers, data, body)

            def _api(self, repo_id, what, revision, body):
                repo = hub.repos.get(repo_id)
                if repo is None:
                    return self.error(401, "RepoNotFound", "Repository not found", body)
                commit = repo["refs"].get(revision, revision if revision in repo["commits"] else None)
                if commit is None:
                    return self.error(404, "RevisionNotFound", "Invalid rev id: " + revision, body)
                files = repo["commits"][commit]
                if what == "revision":
                    info = {"id": repo_id, "modelId": repo_id, "sha": commit, "private": False,
                            "siblings": [{"rfilename": name} for name in sorted(files)]}
                    return self.reply(200, {"Content-Type": "application/json"}, json.dumps(info).encode(), body)
                tree, folders = [], set()
                for name in sorted(files):
                    data = files[name]
                    folders.update("/".join(name.split("/")[:i]) for i in range(1, name.count("/") + 1))
                    entry = {"type": "file", "oid": git_blob_sha1(data), "size": len(data), "path": name}
                    if name.endswith(LFS_SUFFIXES):
                        entry["lfs"] = {"oid": hashlib.sha256(data).hexdigest(), "size": len(data), "pointerSize": 134}
                    tree.append(entry)
                tree += [{"type": "directory", "oid": "0" * 40, "size": 0, "path": folder}
                         for folder in sorted(folders)]
                return self.reply(200, {"Content-Type": "application/json"}, json.dumps(tree).encode(), body)

            def error(self, status, code, message, body, commit=None):
                headers = {"X-Error-Code": code, "X-Error-Message": message, "Content-Type": "application/json"}
                if commit:
                    headers["X-Repo-Commit"] = commit
                self.reply(status, headers, json.dumps({"error": message}).encode(), body)

        return Handler

    def _cdn_handler(self):
        hub = self

        class Handler(_Quiet):
            def do_HEAD(self):
                self._serve(body=False)

            def do_GET(self):
                self._serve(body=True)

            def _serve(self, body: bool):
                hub._record(self.command, self.path)
                parts = urlsplit(self.path).path.lstrip("/").split("/")  # cdn/<sha256>/<filename>
                sha256 = parts[1] if len(parts) >= 3 and parts[0] == "cdn" else ""
                data = hub.blobs.get(sha256)
                if data is None:
                    return self.reply(404, {}, b"NoSuchKey", body)
                self.reply(200, {"ETag": f'"{sha256}"', "Content-Type": "application/octet-stream"}, data, body)

        return Handler


class _Quiet(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def reply(self, status: int, headers: dict, data: bytes, body: bool) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body and data:
            self.wfile.write(data)
