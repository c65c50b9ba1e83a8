.PHONY: run test lint bench
run:
	streamlit run dashboard.py
test:
	python -m pytest
lint:
	ruff format --check . && ruff check .
bench:
	python -m bench.home_map
