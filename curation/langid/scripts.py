"""Script detection for LID lives in the shared table `curation.scripts` (also used by dedup);
re-exported here so `curation.langid.scripts` keeps working."""

from ..scripts import ScriptResult, detect_script, detect_scripts, script_compatible, script_table

__all__ = ["ScriptResult", "detect_script", "detect_scripts", "script_compatible", "script_table"]
