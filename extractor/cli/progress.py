"""Progress on stderr while ``extract`` runs: a rich bar on a terminal, else a line every
``PROGRESS_EVERY`` inputs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn
from rich.text import Text

from extractor.cli.common import say
from extractor.engines.hooks import Hooks
from extractor.engines.hooks import Progress as BatchProgress
from extractor.io.readers import count_inputs

#: Inputs between two progress lines on stderr.
PROGRESS_EVERY = 1000


def _every(on_progress: Callable[[int], None] | None) -> Callable[[BatchProgress], None] | None:
    """A progress hook that reports every ``PROGRESS_EVERY`` inputs done."""
    if on_progress is None:
        return None
    last = [0]

    def hook(progress: BatchProgress) -> None:
        done = progress.articles + progress.rejects + progress.skipped
        if done // PROGRESS_EVERY > last[0] // PROGRESS_EVERY:
            on_progress(done // PROGRESS_EVERY * PROGRESS_EVERY)
        last[0] = done

    return hook


def progress_display(inputs: list[Path], hooks: Hooks, quiet: bool, limit: int | None):
    """A rich progress bar on a terminal; else a line every ``PROGRESS_EVERY`` inputs."""
    if quiet:
        return nullcontext()
    if not sys.stderr.isatty():
        hooks.on_progress = _every(lambda done: say(f"{done:,} inputs done"))
        return nullcontext()
    return progress_bar(hooks, total=count_inputs(inputs, limit=limit))


class _RateColumn(ProgressColumn):
    """Articles per second over the run so far (results come in batches: no short-window rate),
    and the time left at that rate."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time or task.elapsed
        if not elapsed or not task.completed:
            return Text("-:--:-- left", style="progress.remaining")
        rate = task.completed / elapsed
        left = "" if task.total is None else f", {_clock(max(0.0, task.total - task.completed) / rate)} left"
        return Text(f"{rate:,.1f} articles/s{left}", style="progress.data.speed")


def _clock(seconds: float) -> str:
    whole = int(seconds + 0.5)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


@contextmanager
def progress_bar(hooks: Hooks, *, total: int | None, console: Console | None = None) -> Iterator[None]:
    """Show inputs read, claims, rejects, rate and ETA on stderr while a run goes on."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[claims]:,} claims, {task.fields[rejects]:,} rejects"),
               _RateColumn())
    with Progress(*columns, console=console or Console(stderr=True)) as bar:
        task = bar.add_task("articles", total=total, claims=0, rejects=0)

        def update(progress: BatchProgress) -> None:
            done = progress.articles + progress.rejects + progress.skipped
            bar.update(task, completed=done, claims=progress.claims, rejects=progress.rejects)

        hooks.on_progress = update
        yield
