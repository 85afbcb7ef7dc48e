"""The SparkSession the command (and the tests) run on, and the checks that come before it: pyspark and Java.

Left alone, a local Spark binds its driver to the machine's outward network interface, starts a web UI, and runs
its Python workers with whatever ``python3`` is first on PATH (which may lack claimlint or pyarrow). For a
``local[...]`` master everything here binds to loopback, the UI is off, and the workers run this very
interpreter. On a cluster (any other master URL, or ``spark-submit``) those are the cluster's settings.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MissingRuntime

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[2]"
# Pages a worker is sent at a time: Spark's default (10,000 rows) could hold thousands of pages of up to 10 MB in
# one Python worker at once; linting costs far more than the batch overhead.
PAGES_PER_BATCH = 64
# Spark's own INFO and WARN lines (start-up, native libraries) would bury the command's progress lines; pyspark's
# root level follows its gateway's logger, so that one is quiet too.
_LOG4J = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.shell.name = org.apache.spark.api.python.PythonGatewayServer
logger.shell.level = error
"""


def require_spark() -> None:
    """Raise MissingRuntime, with what to install, unless pyspark, pyarrow and a Java runtime are here."""
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise MissingRuntime(f"claimlint spark needs the spark extra: pip install 'clinic-claimlint[spark]' "
                               f"({(exc.name or 'pyspark').split('.')[0]} is not installed)") from None
    if java() is None:
        raise MissingRuntime("claimlint spark needs a Java runtime (17 or newer) for Spark: none on PATH or in "
                               "JAVA_HOME (on Debian or Ubuntu: apt-get install default-jre-headless)")


def java() -> str | None:
    """The java Spark would start: $JAVA_HOME/bin/java, else the first on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and os.access(Path(home) / "bin" / "java", os.X_OK):
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def spark_session(master: str | None = DEFAULT_MASTER, app_name: str = "claimlint",
                  shuffle_partitions: int | None = None, conf: dict[str, str] | None = None) -> SparkSession:
    """A SparkSession for claimlint (an existing one is reused, with these settings applied where Spark allows).
    ``master`` None takes the one spark-submit was given."""
    require_spark()
    from pyspark.sql import SparkSession

    local = bool(master) and master.startswith("local")
    settings = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.execution.arrow.maxRecordsPerBatch": str(PAGES_PER_BATCH),
        "spark.python.worker.reuse": "true",  # the model stays loaded between tasks
    }
    if local:
        os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"  # read when the JVM starts
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        if "SPARK_CONF_DIR" not in os.environ:  # a user's own Spark configuration wins; else ours keeps Spark quiet
            os.environ["SPARK_CONF_DIR"] = _conf_dir()
        cores = _local_cores(master)
        settings.update({
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            "spark.pyspark.python": sys.executable,
            "spark.pyspark.driver.python": sys.executable,
            # A local run shuffles little: a few partitions per core, not Spark's 200.
            "spark.sql.shuffle.partitions": str(shuffle_partitions or max(2, 2 * cores)),
            # The driver JVM only moves pages to the Python workers and writes Parquet: its optimising compiler
            # would spend more CPU (10 s and more, measured) than it saves, on cores the workers need.
            "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        })
    elif shuffle_partitions:
        settings["spark.sql.shuffle.partitions"] = str(shuffle_partitions)
    settings.update(conf or {})
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 - pyspark's own error when the JVM does not start
        if "JAVA_GATEWAY" not in str(exc) and "Java gateway" not in str(exc):
            raise
        raise MissingRuntime(f"Spark's Java process did not start ({java()}); claimlint spark needs Java 17 or "
                             "newer") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def under_spark_submit() -> bool:
    """Whether spark-submit started this Python (it passes its gateway's port): its --master then holds."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def _local_cores(master: str) -> int:
    """N of local[N] (or local[N,F]); local[*] and local: the usable cores."""
    inside = master[master.find("[") + 1:master.find("]")] if "[" in master else "1"
    first = inside.split(",")[0].strip()
    if first == "*":
        return os.cpu_count() or 1
    try:
        return max(1, int(first))
    except ValueError:
        return 1


def _conf_dir() -> str:
    """A Spark configuration folder holding only a quiet log4j2.properties (Spark puts the folder on its classpath)."""
    folder = Path(tempfile.gettempdir()) / f"claimlint-spark-conf-{os.getuid() if hasattr(os, 'getuid') else 0}"
    folder.mkdir(exist_ok=True)
    path = folder / "log4j2.properties"
    if not path.is_file() or path.read_text(encoding="utf-8") != _LOG4J:
        path.write_text(_LOG4J, encoding="utf-8")
    return str(folder)
