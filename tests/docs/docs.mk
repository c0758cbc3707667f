# tests/docs -- every command shown in the user guide, the walkthrough, the
# labs and the instructors' page (```console blocks, `$ ` lines) is run in a
# scratch copy of the repository, and must exit as the page says and print
# the lines the page shows (tests/docs/run.py).  DOCS=... checks some only.
.PHONY: test-docs
TEST_TARGETS += test-docs

test-docs: $(SIMSCM) guest
	@tests/docs/run.py $(BUILD)/tests/docs $(DOCS)
