# Two commands for a new user (see README): `make run` and `make test`.
# Both install missing Debian packages first (quietly when nothing is missing).

JOBS    ?= $(shell nproc)
# Lab, browser and terminal tests mostly wait on timers and other processes:
# run twice as many tests as cores.
TEST_JOBS ?= $(shell echo $$(( $(JOBS) * 2 )))
ARGS    ?=
RELEASE := build/release
TESTDIR := build/asan
CMAKE_GEN := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

.PHONY: run test build build-test bench deps format clean

run: build
	exec $(RELEASE)/src/app/wanwatch $(ARGS)

build:
	@scripts/install-deps.sh build
	@cmake -S . -B $(RELEASE) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
	  -DWANWATCH_BENCH=OFF >/dev/null
	@cmake --build $(RELEASE) --target wanwatch -j $(JOBS)

# Unit, integration and lab suites, built with AddressSanitizer and UBSan.
# -O0 -g1: UBSan's checks make the optimiser the dominant compile cost (a
# Beast TU: 82 s at -O1 -g, 39 s at -O0); -g1 keeps file:line in reports.
test:
	@scripts/install-deps.sh test
	@cmake -S . -B $(TESTDIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1" \
	  -DWANWATCH_SANITIZE=ON -DWANWATCH_BENCH=OFF >/dev/null
	@cmake --build $(TESTDIR) -j $(JOBS)
	@cd $(TESTDIR) && ctest --output-on-failure -j $(TEST_JOBS) --timeout 900

bench:
	@scripts/install-deps.sh bench
	@cmake -S . -B build/bench $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
	@cmake --build build/bench -j $(JOBS)
	@bench/run-all.sh build/bench

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf build
