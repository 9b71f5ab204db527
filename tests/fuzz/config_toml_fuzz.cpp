// Fuzz target config_toml: arbitrary bytes as a config file (and as environment values and
// resolv.conf text) must never crash, hang or trip a sanitizer; they only produce errors.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config_schema.h"
#include "config/layered_config.h"
#include "config/targets.h"
#include "config/toml_config.h"
#include "config/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ww::LayeredConfig layered;
  ww::ApplyToml(text, "fuzz.toml", layered);
  const std::vector<std::string> errors = ww::ValidateConfig(layered.config);
  ww::AnnotateWithOrigins(errors, layered);
  if (errors.empty()) ww::BuildTargets(layered.config, text);
  // The same bytes as the value of every environment variable / flag.
  ww::Config from_text;
  for (const ww::ConfigKey& key : ww::ConfigKeys()) {
    ww::SetFromText(key, from_text, text, key.EnvName());
  }
  ww::ValidateConfig(from_text);
  ww::ParseResolvConfNameservers(text);
  return 0;
}
