#pragma once
// Small string helpers shared by the configuration readers and validation.
// Thread safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

namespace ww {

// `text` in double quotes for an error message: quotes, backslashes and control bytes escaped,
// long values shortened, so a hostile value cannot forge log lines.
std::string Quote(std::string_view text);

std::string_view Trim(std::string_view text);
std::string ToLower(std::string_view text);
std::string ToUpper(std::string_view text);

// "a, b,,c" -> {"a", "b", "c"}: blanks trimmed, empty items dropped.
std::vector<std::string> SplitList(std::string_view text, char separator = ',');

// Joins with ", " for messages.
std::string Join(const std::vector<std::string>& items, std::string_view separator = ", ");

}  // namespace ww
