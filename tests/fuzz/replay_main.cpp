// Runs a libFuzzer-style target without libFuzzer (g++ builds): every file of
// the seed corpus, then `iterations` inputs mutated from them with a fixed
// seed, so a failure is reproducible. Exits non-zero only by crashing, which
// is what the sanitizers turn every memory or UB error into.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  std::vector<std::string> corpus;
  if (argc > 1 && std::filesystem::is_directory(argv[1])) {
    for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
      std::ifstream in(entry.path(), std::ios::binary);
      corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  if (corpus.empty()) corpus.emplace_back();
  const long iterations = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 10000;
  for (const auto& input : corpus) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  }
  std::mt19937_64 rng(0x5eed);
  for (long i = 0; i < iterations; ++i) {
    std::string input = corpus[rng() % corpus.size()];
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      switch (rng() % 4) {
        case 0:  // flip a byte
          if (!input.empty()) input[rng() % input.size()] = static_cast<char>(rng());
          break;
        case 1:  // insert a byte
          input.insert(input.begin() + static_cast<long>(input.empty() ? 0 : rng() % input.size()),
                       static_cast<char>(rng()));
          break;
        case 2:  // truncate
          if (!input.empty()) input.resize(rng() % input.size());
          break;
        default:  // splice in another corpus entry
          input += corpus[rng() % corpus.size()].substr(0, 64);
          break;
      }
    }
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  }
  std::printf("replayed %zu corpus inputs and %ld mutations\n", corpus.size(), iterations);
  return 0;
}
