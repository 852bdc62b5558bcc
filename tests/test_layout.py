"""The two wings: the app runs on the runtime (nin/) alone and never imports the lab (nin/lab)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_app_and_the_predict_cli_never_import_the_lab():
    code = ("import sys, app, nin.predict, nin.history, nin.feedback; "
            "print(sorted(m for m in sys.modules if m.startswith('nin.lab')))")
    env = dict(os.environ, HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"

