# Second Chance: the two commands are `make run` and `make check`.
# The real build is Meson/Ninja; this file only strings the steps together.
#
#   make run     install what is missing, build, set up ./data, serve on :8080
#   make check   install what is missing, sanitizer + release builds, all tests
#   make bench   release build, then bench/run.sh, bench/case.sh (1M participants)
#                and the areas' bench/{activities,internships,benefits,reports}.sh,
#                then bench/pages.sh (every page each demo user reaches)
#   make fuzz    long fuzzing run (scripts/fuzz.sh long)

RELEASE = build/release
TEST = build/test

.PHONY: all deps build build-test run check bench fuzz clean

all: build

deps:
	scripts/install-deps.sh

# Reconfigured every time, as build-test is, so that a new migration
# (src/store/migrations/*.sql, listed when Meson configures) is compiled in.
build: deps
	@r=; [ -f $(RELEASE)/build.ninja ] && r=--reconfigure; set -x; \
	  meson setup $$r $(RELEASE) --buildtype=release -Dtests=false
	ninja -C $(RELEASE)

# Reconfigured every time so that new tests/*/test_*.c files are picked up.
build-test: deps
	@r=; [ -f $(TEST)/build.ninja ] && r=--reconfigure; set -x; \
	  meson setup $$r $(TEST) -Db_sanitize=address,undefined -Db_lundef=false
	ninja -C $(TEST)

# The first run also fills the register with a made-up demo centre (its
# users and their password are printed once); later runs keep the data.
run: build
	./$(RELEASE)/secondchance init
	./$(RELEASE)/secondchance demo --if-empty
	exec ./$(RELEASE)/secondchance serve

check: build-test build
	SC_BUILD_DIR=$(TEST) scripts/check.sh

bench: build
	bench/run.sh
	bench/case.sh
	bench/activities.sh
	bench/internships.sh
	bench/benefits.sh
	bench/reports.sh
	bench/pages.sh

fuzz: deps
	scripts/fuzz.sh long

clean:
	rm -rf build
