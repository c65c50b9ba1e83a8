"""Benchmarks (not tests): run them as modules from the repository root, e.g. ``python -m bench.home_map``."""

import logging

# Benchmarks call Streamlit components outside a Streamlit run ("bare mode"), where each call logs
# "missing ScriptRunContext". Streamlit resets its log levels when it parses its config, so drop just
# that message with a filter on its logger (attached before Streamlit is imported; filters persist).
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
    lambda record: "missing ScriptRunContext" not in record.getMessage()
)
