"""The playground at ``/`` in a real browser (headless Chromium driven by selenium): type
a 指标值 and an actual, read the parse and the score; a broken value shows where it
broke; text that looks like HTML stays text; a ruleset and actuals give the 自评表.

Skipped only when Chromium or its driver is not installed (CI installs both).
Set ``ZHIBIAO_SCREENSHOT=path.png`` to keep the screenshot (docs/images/playground.png)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serve_server import ROOT, running

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(CHROMIUM is None or DRIVER is None,
                                reason="Chromium 和 chromedriver 未安装（apt install chromium "
                                       "chromium-driver）")

if CHROMIUM is not None and DRIVER is not None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import WebDriverWait

EXAMPLE = ROOT / "rulesets" / "000-mingguang-2024"


@pytest.fixture(scope="module")
def page() -> Iterator[tuple[WebDriver, str]]:
    assert CHROMIUM is not None and DRIVER is not None
    with running() as url, tempfile.TemporaryDirectory() as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                         "--window-size=1280,1900", f"--user-data-dir={profile}",
                         "--lang=zh-CN"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(DRIVER), options=options)
        try:
            driver.get(url + "/")
            yield driver, url
        finally:
            driver.quit()


def _text(driver: WebDriver, element_id: str) -> str:
    text: str = driver.find_element(By.ID, element_id).text
    return text


def _wait_for(driver: WebDriver, element_id: str, expected: str) -> str:
    WebDriverWait(driver, 30).until(lambda d: expected in _text(d, element_id))
    return _text(driver, element_id)


def _type(driver: WebDriver, element_id: str, text: str) -> None:
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def test_type_a_value_and_read_the_score(page: tuple[WebDriver, str]) -> None:
    driver, _ = page
    _type(driver, "target", "≥95%")
    _type(driver, "actual", "92%")
    _type(driver, "weight", "10")
    assert _wait_for(driver, "score", "9.68") == "9.68"
    assert _text(driver, "parse-canonical") == "≥95%"
    assert _text(driver, "parse-unit") == "%"
    assert "比较" in _text(driver, "parse-kind")
    assert _text(driver, "status") == "未达成"
    assert "92÷95×10 = 9.68" in _text(driver, "explanation")
    assert _text(driver, "version")[0].isdigit()

    _type(driver, "target", "≤30个工作日")
    _type(driver, "actual", "35个工作日")
    _wait_for(driver, "parse-canonical", "≤30工作日")
    assert _text(driver, "parse-unit") == "工作日"
    assert "工作日" in _wait_for(driver, "explanation", "35")


def test_a_broken_value_shows_where(page: tuple[WebDriver, str]) -> None:
    driver, _ = page
    _type(driver, "target", "≥9５x%")
    message = _wait_for(driver, "parse-message", "第 5 个字符")
    assert "此处应为" in message
    assert "提示" in _text(driver, "parse-hint")
    caret = driver.find_element(By.ID, "parse-caret")
    assert caret.find_element(By.TAG_NAME, "mark").text == "%"
    assert caret.text.rstrip().endswith("^")
    assert _text(driver, "evaluate-error")  # the score says why it has none


def test_html_in_the_input_stays_text(page: tuple[WebDriver, str]) -> None:
    driver, _ = page
    hostile = '<img src=x onerror="document.title=\'pwned\'">'
    _type(driver, "target", hostile)
    _wait_for(driver, "parse-caret", "<img")
    assert driver.find_elements(By.CSS_SELECTOR, "#try img") == []
    assert driver.title != "pwned"


def test_a_ruleset_and_actuals_give_the_form(page: tuple[WebDriver, str],
                                             tmp_path: Path) -> None:
    driver, _ = page
    ruleset = EXAMPLE / "01-chengxiang-yiliao-jiuzhu.toml"
    actuals = EXAMPLE / "01-chengxiang-yiliao-jiuzhu.actuals.csv"
    for element_id, text in (("ruleset-text", ruleset.read_text("utf-8")),
                             ("actuals-text", actuals.read_text("utf-8"))):
        # send_keys of a long text is slow: the text is set as a value (a test aid)
        driver.execute_script("arguments[0].value = arguments[1];",
                              driver.find_element(By.ID, element_id), text)
    _type(driver, "ruleset-name", ruleset.name)
    _type(driver, "actuals-name", actuals.name)
    driver.find_element(By.ID, "score-button").click()
    WebDriverWait(driver, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#report-preview table"))
    rows = driver.find_elements(By.CSS_SELECTOR, "#report-preview tbody tr")
    assert len(rows) == 9 + 1  # nine indicators and the 预算执行率 row
    heading = _text(driver, "report-preview")
    assert "2024 年度城乡医疗救助" in heading and "总分" in heading
    assert "医疗救助对象人次全覆盖" in rows[0].text

    _type(driver, "target", "≥95%")
    _type(driver, "actual", "92%")
    _wait_for(driver, "score", "9.68")
    shot = Path(os.environ.get("ZHIBIAO_SCREENSHOT") or tmp_path / "playground.png")
    assert driver.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    _type(driver, "actuals-name", "实际值.pdf")
    driver.find_element(By.ID, "score-button").click()
    error = _wait_for(driver, "report-error", "实际值无法读取")
    assert ".pdf" in error


def test_a_ruleset_and_actuals_to_date_give_the_monitoring_table(
        page: tuple[WebDriver, str]) -> None:
    driver, _ = page
    ruleset = ROOT / "rulesets" / "003-suzhou-2023" / "04-jijin-anquan-jianguan.toml"
    actuals = ROOT / "rulesets" / "examples.monitor.csv"
    for element_id, text in (("ruleset-text", ruleset.read_text("utf-8")),
                             ("actuals-text", actuals.read_text("utf-8"))):
        driver.execute_script("arguments[0].value = arguments[1];",
                              driver.find_element(By.ID, element_id), text)
    _type(driver, "ruleset-name", ruleset.name)
    _type(driver, "actuals-name", actuals.name)
    _type(driver, "as-of", "2023-02-30")
    driver.find_element(By.ID, "monitor-button").click()
    assert "YYYY-MM-DD" in _wait_for(driver, "report-error", "截至日期")

    _type(driver, "as-of", "2023-06-30")
    driver.find_element(By.ID, "monitor-button").click()
    WebDriverWait(driver, 30).until(
        lambda d: "绩效目标执行监控" in _text(d, "report-preview"))
    assert driver.find_element(By.ID, "report-error").get_attribute("hidden") is not None
    rows = driver.find_elements(By.CSS_SELECTOR, "#report-preview tbody tr")
    assert len(rows) == 15
    by_id = {row.find_elements(By.TAG_NAME, "td")[0].text: row.text for row in rows}
    assert "完全不可能" in by_id["1.4.4"] and "确定能" in by_id["3.1.1"]
    assert "执行率" in _text(driver, "report-preview")


def test_nothing_is_loaded_from_elsewhere(page: tuple[WebDriver, str]) -> None:
    driver, url = page
    sources = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    assert sources and all(source.startswith(url) for source in sources)
    for entry in driver.get_log("browser"):
        assert "Content Security Policy" not in entry["message"], entry
