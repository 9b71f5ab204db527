#include "config/toml_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "config/text_util.h"

namespace ww {
namespace {

std::string_view TypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::string:
      return "string";
    case toml::node_type::integer:
      return "integer";
    case toml::node_type::floating_point:
      return "float";
    case toml::node_type::boolean:
      return "boolean";
    case toml::node_type::array:
      return "array";
    case toml::node_type::table:
      return "table";
    case toml::node_type::date:
      return "date";
    case toml::node_type::time:
      return "time";
    case toml::node_type::date_time:
      return "date-time";
    default:
      return "nothing";
  }
}

// A key as it would be written back: bare when possible, else quoted.
std::string KeyText(std::string_view key) {
  for (char c : key) {
    const bool bare = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-';
    if (!bare) return Quote(key);
  }
  return key.empty() ? Quote(key) : std::string(key);
}

class TomlReader {
 public:
  TomlReader(std::string_view source, LayeredConfig& layered)
      : source_(source), layered_(layered) {}

  void ReadDocument(const toml::table& root) {
    for (auto&& [key, node] : root) {
      const std::string name = KeyText(key.str());
      const toml::table* section = node.as_table();
      if (key.str() == kUplinksArray) {
        ReadUplinks(node);
      } else if (!IsSection(key.str())) {
        Error(node, name + ": unknown " + (section ? "section" : "key") + Suggestion(key.str()));
      } else if (section == nullptr) {
        Error(node, name + ": expected a table, got " + std::string(TypeName(node.type())));
      } else {
        ReadSection(key.str(), *section);
      }
    }
    // toml++ iterates tables in key order; report in document order instead.
    std::stable_sort(errors_.begin(), errors_.end(), [](const auto& a, const auto& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    for (PendingError& e : errors_) layered_.errors.push_back(std::move(e.message));
  }

 private:
  static bool IsSection(std::string_view name) {
    for (std::string_view s : ConfigSections()) {
      if (s == name) return true;
    }
    return false;
  }

  // "; did you mean web.port?" when the key exists in another section.
  static std::string Suggestion(std::string_view name) {
    for (const ConfigKey& k : ConfigKeys()) {
      if (k.name == name) return "; did you mean " + k.Path() + "?";
    }
    return "";
  }

  void ReadSection(std::string_view section, const toml::table& table) {
    for (auto&& [key, node] : table) {
      const ConfigKey* spec = FindConfigKey(section, key.str());
      const std::string inner = std::string(section) + "." + std::string(key.str());
      if (spec == nullptr && node.is_table() && IsSection(inner)) {  // [alerts.ntfy]
        ReadSection(inner, *node.as_table());
        continue;
      }
      if (spec == nullptr) {
        Error(node, std::string(section) + "." + KeyText(key.str()) + ": unknown key" +
                        Suggestion(key.str()));
        continue;
      }
      if (ReadValue(*spec, node)) layered_.MarkSet(*spec, ConfigLayer::kFile, Where(node));
    }
  }

  // [[uplinks]] (or `uplinks = [{...}]`): replaces the list; an entry with errors is kept so
  // validation can still report the rest of it.
  void ReadUplinks(const toml::node& node) {
    const toml::array* array = node.as_array();
    if (array == nullptr) {
      Error(node, std::string(kUplinksArray) + ": expected an array of tables ([[uplinks]]), got " +
                      std::string(TypeName(node.type())));
      return;
    }
    std::vector<UplinkConfig> list;
    for (std::size_t i = 0; i < array->size(); ++i) {
      const std::string entry = std::string(kUplinksArray) + "[" + std::to_string(i) + "]";
      const toml::node& item = *array->get(i);
      const toml::table* table = item.as_table();
      if (table == nullptr) {
        WrongType(entry, "a table", item);
        continue;
      }
      layered_.origins[entry] = ConfigOrigin{ConfigLayer::kFile, Where(item)};
      list.push_back(ReadUplink(entry, *table));
    }
    layered_.config.uplinks.list = std::move(list);
  }

  UplinkConfig ReadUplink(const std::string& entry, const toml::table& table) {
    UplinkConfig uplink;
    for (auto&& [key, node] : table) {
      const std::string path = entry + "." + KeyText(key.str());
      const UplinkKey* spec = FindUplinkKey(key.str());
      if (spec == nullptr) {
        Error(node, path + ": unknown key");
      } else if (ReadUplinkValue(path, spec->field(uplink), node)) {
        layered_.origins[path] = ConfigOrigin{ConfigLayer::kFile, Where(node)};
      }
    }
    return uplink;
  }

  bool ReadUplinkValue(const std::string& path, UplinkFieldRef ref, const toml::node& node) {
    if (auto* list = std::get_if<std::vector<std::string>*>(&ref)) {
      return ReadList(path, node, **list);
    }
    if (auto* s = std::get_if<std::string*>(&ref)) {
      if (const auto* v = node.as_string()) return (**s = v->get(), true);
      return WrongType(path, "a string", node);
    }
    if (auto* b = std::get_if<bool*>(&ref)) {
      if (const auto* v = node.as_boolean()) return (**b = v->get(), true);
      return WrongType(path, "a boolean", node);
    }
    if (auto* d = std::get_if<std::optional<double>*>(&ref)) {
      if (const auto* v = node.as_floating_point()) return (**d = v->get(), true);
      if (const auto* v = node.as_integer()) return (**d = static_cast<double>(v->get()), true);
      return WrongType(path, "a number", node);
    }
    std::optional<int>& i = *std::get<std::optional<int>*>(ref);
    const auto* v = node.as_integer();
    if (v == nullptr) return WrongType(path, "an integer", node);
    // In-range checks are validation's; here only what an int cannot hold.
    if (v->get() < std::numeric_limits<int>::min() || v->get() > std::numeric_limits<int>::max()) {
      Error(node, path + ": must be 1-" + std::to_string(kMaxHysteresisRounds) + ", got " +
                      std::to_string(v->get()));
      return false;
    }
    i = static_cast<int>(v->get());
    return true;
  }

  bool ReadValue(const ConfigKey& spec, const toml::node& node) {
    const std::string path = spec.Path();
    FieldRef ref = spec.field(layered_.config);
    if (auto* list = std::get_if<std::vector<std::string>*>(&ref)) {
      return ReadList(path, node, **list);
    }
    if (auto* s = std::get_if<std::string*>(&ref)) {
      if (const auto* v = node.as_string()) return (**s = v->get(), true);
      return WrongType(path, "a string", node);
    }
    if (auto* p = std::get_if<std::filesystem::path*>(&ref)) {
      if (const auto* v = node.as_string()) return (**p = v->get(), true);
      return WrongType(path, "a string", node);
    }
    if (auto* b = std::get_if<bool*>(&ref)) {
      if (const auto* v = node.as_boolean()) return (**b = v->get(), true);
      return WrongType(path, "a boolean", node);
    }
    if (auto* d = std::get_if<double*>(&ref)) {
      if (const auto* v = node.as_floating_point()) return (**d = v->get(), true);
      if (const auto* v = node.as_integer()) return (**d = static_cast<double>(v->get()), true);
      return WrongType(path, "a number", node);
    }
    const auto* v = node.as_integer();
    if (v == nullptr) return WrongType(path, "an integer", node);
    const std::string error = SetInteger(spec, layered_.config, v->get(), path);
    if (!error.empty()) Error(node, error);
    return error.empty();
  }

  bool ReadList(const std::string& path, const toml::node& node, std::vector<std::string>& out) {
    const toml::array* array = node.as_array();
    if (array == nullptr) return WrongType(path, "an array of strings", node);
    std::vector<std::string> items;
    bool ok = true;
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::node& item = *array->get(i);
      if (const auto* s = item.as_string()) {
        items.push_back(s->get());
      } else {
        ok = WrongType(path + "[" + std::to_string(i) + "]", "a string", item);
      }
    }
    if (ok) out = std::move(items);
    return ok;
  }

  bool WrongType(const std::string& path, std::string_view expected, const toml::node& node) {
    Error(node, path + ": expected " + std::string(expected) + ", got " +
                    std::string(TypeName(node.type())));
    return false;
  }

  std::string Where(const toml::node& node) const {
    const auto& begin = node.source().begin;
    return std::string(source_) + ":" + std::to_string(begin.line) + ":" +
           std::to_string(begin.column);
  }

  void Error(const toml::node& node, const std::string& message) {
    const auto& begin = node.source().begin;
    errors_.push_back({begin.line, begin.column, Where(node) + ": " + message});
  }

  struct PendingError {
    toml::source_index line;
    toml::source_index column;
    std::string message;
  };

  std::string_view source_;
  LayeredConfig& layered_;
  std::vector<PendingError> errors_;
};

}  // namespace

void ApplyToml(std::string_view text, std::string_view source_name, LayeredConfig& layered) {
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    layered.errors.push_back(std::string(source_name) + ":" + std::to_string(at.line) + ":" +
                             std::to_string(at.column) +
                             ": syntax error: " + std::string(e.description()));
    return;
  } catch (const std::exception& e) {  // e.g. allocation failure on hostile input
    layered.errors.push_back(std::string(source_name) + ": cannot parse: " + e.what());
    return;
  }
  TomlReader(source_name, layered).ReadDocument(root);
}

}  // namespace ww
