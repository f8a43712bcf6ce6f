"""Exception family: the class says how a failure is handled.

- ConfigError: fail fast, write nothing; the message names the file, the key and the fix.
- BadRecord: one input row is unusable; it goes to quarantine with `reason` and the run goes on.
- ShardError: one shard/task failed; the run fails and resumes later from completed tasks.
- Retryable: a transient failure worth retrying.

Friendly messages are produced only at the CLI boundary (`curation.cli`).
"""


class MlcurateError(Exception):
    """Base class of every error this package raises on purpose."""


class ConfigError(MlcurateError):
    def __init__(self, message: str, *, file: str | None = None, key: str | None = None, fix: str | None = None):
        self.file, self.key, self.fix = file, key, fix
        where = ""
        if file:
            where = f"{file}: "
        if key:
            where += f"key '{key}': "
        text = where + message
        if fix:
            text += f"\n  fix: {fix}"
        super().__init__(text)


class BadRecord(MlcurateError):
    """A row that cannot become a sample. `reason` is a short, countable string."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason, self.detail = reason, detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


class ShardError(MlcurateError):
    pass


class Retryable(MlcurateError):
    pass


class WorkspaceError(MlcurateError):
    """The workspace is missing or unusable; the message says which command creates it."""
