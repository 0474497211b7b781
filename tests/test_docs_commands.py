"""
Every command block of the README and of docs/ that talks to the portal (each ```bash block with a
`curl`) runs, as written, against a live portal holding the demo data: a walk-through that answers 400
is a bug like any other. The only substitutions are the address (the test server's instead of
http://127.0.0.1:8000) and, where a block says to type the code an authenticator shows, that code.

Each block runs under `bash -euo pipefail`, and its `curl --fail-with-body` turns any 4xx or 5xx into a
failure; what the block did is then checked in the database.
"""

import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from disclosures.choices import Status
from disclosures.models import Disclosure

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)
ADDRESS = "http://127.0.0.1:8000"


def blocks() -> list:
    found = []
    for document in DOCUMENTS:
        for number, match in enumerate(BLOCK.finditer(document.read_text(encoding="utf-8")), start=1):
            script = match.group(1)
            if re.search(r"\bcurl\b", script):
                name = f"{document.relative_to(ROOT)}#{number}"
                found.append(pytest.param(name, script, id=name))
    return found


def authenticator_code(username: str) -> str:
    """A confirmed TOTP device for `username` (the demo has none) and the code it shows now."""
    device = TOTPDevice.objects.create(user=get_user_model().objects.get(username=username), name="身份验证器")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


# What each block leaves behind, checked after it ran (a block without an entry fails the test: say what
# a new block must have done).
def readme_walkthrough(output: str) -> None:
    record = Disclosure.objects.get(title="关于青山县某道路改造工程可行性研究报告的批复")
    assert record.status == Status.PUBLISHED and record.index_no, "submitted, reviewed, signed and published"
    assert f'"index_no":"{record.index_no}"' in output.replace(" ", "")
    assert output.rstrip().endswith("409"), "the illegal step at the end answers 409"


def department_system(output: str) -> None:
    record = Disclosure.objects.get(title="关于青山县某产业园道路工程初步设计的批复")
    assert record.status == Status.SUBMITTED


def otp_token(output: str) -> None:
    assert '"otp_verified":true' in output.replace(" ", "")


EXPECTED = {
    "README.md#": readme_walkthrough,
    "docs/open-data.md#": department_system,
    "docs/security.md#": otp_token,
}


def test_the_docs_have_command_blocks_to_run():
    names = [param.values[0] for param in blocks()]
    assert any(name.startswith("README.md#") for name in names), names
    assert all(any(name.startswith(prefix) for prefix in EXPECTED) for name in names), names


@pytest.mark.parametrize(("name", "script"), blocks())
def test_the_command_block_runs_against_the_demo(live_server, demo_county, name, script):
    script = script.replace(ADDRESS, live_server.url)
    if "CODE=123456" in script:
        script = script.replace("CODE=123456", f"CODE={authenticator_code('signer')}")
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"{name} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    check = next(check for prefix, check in EXPECTED.items() if name.startswith(prefix))
    check(result.stdout)
