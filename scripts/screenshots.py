"""Screenshots of the bundled graph's explorer page for the README.

    cargo build --release && python3 scripts/screenshots.py

Writes docs/explorer.png (the whole network) and docs/explorer-cmcc.png
(focused on the CMCC) with headless Debian Chromium driven by Playwright
(python3 -m pip install playwright; /usr/bin/chromium, never `playwright
install`)."""
import pathlib, subprocess, sys, tempfile
from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

def main():
    binary = ROOT / "target" / "release" / "briefgraph"
    out = ROOT / "docs"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page_path = pathlib.Path(tmp) / "graph.html"
        subprocess.run([str(binary), "html", str(ROOT / "graph-data"), "-o", str(page_path)], check=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for name, fragment in [("explorer.png", ""), ("explorer-cmcc.png", "#focus=cmcc")]:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto("file://" + str(page_path) + fragment)
                page.wait_for_selector("body[data-ready=true]", timeout=60000)
                page.wait_for_timeout(300)
                page.screenshot(path=str(out / name))
                print("wrote", out / name)
                page.close()
            browser.close()

if __name__ == "__main__":
    sys.exit(main())
