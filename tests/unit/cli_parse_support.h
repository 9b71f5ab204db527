#pragma once
// Runs ParseCommandLine on "wanwatch" + args with a fixed HOME and no resolv.conf,
// for the tests of the subcommands.

#include <string>
#include <string_view>
#include <vector>

#include "app/cli.h"

namespace ww::testing_cli {

using Strings = std::vector<std::string>;

inline CliOutcome Parse(Strings args) {
  args.insert(args.begin(), "wanwatch");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  argv.push_back(nullptr);
  return ParseCommandLine(static_cast<int>(args.size()), argv.data(), {{"HOME", "/home/u"}}, "");
}

inline bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace ww::testing_cli
