#include "notify/alert_settings_reader.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

namespace ww {
namespace {

using nlohmann::json;
using FieldFn = std::function<Status(const json& value, const std::string& path)>;
using FieldTable = std::initializer_list<std::pair<std::string_view, FieldFn>>;

Status Fail(const std::string& path, std::string_view why) {
  return Status::Error(path + ": " + std::string(why));
}

std::string Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string TypeName(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

// Calls each present key's reader; a key not in the table is refused.
Status ReadObject(const json& object, const std::string& path, FieldTable fields) {
  if (!object.is_object()) {
    return Fail(path.empty() ? "body" : path, "must be a JSON object, got " + TypeName(object));
  }
  for (const auto& [key, value] : object.items()) {
    const std::string field = Join(path, key);
    const auto it = std::find_if(fields.begin(), fields.end(),
                                 [&key = key](const auto& f) { return f.first == key; });
    if (it == fields.end()) return Fail(field, "unknown field");
    if (Status s = it->second(value, field); !s) return s;
  }
  return Status::Ok();
}

Status Bool(const json& v, const std::string& path, bool& out) {
  if (!v.is_boolean()) return Fail(path, "must be true or false, got " + TypeName(v));
  out = v.get<bool>();
  return Status::Ok();
}

Status Int(const json& v, const std::string& path, int min, int max, int& out) {
  const std::string rule = "must be an integer " + std::to_string(min) + "-" + std::to_string(max);
  if (!v.is_number_integer()) return Fail(path, rule + ", got " + TypeName(v));
  // Unsigned values past int64 read as negative through get<int64_t>: refuse them first.
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    return Fail(path, rule + ", got " + v.dump());
  }
  const std::int64_t n = v.get<std::int64_t>();
  if (n < min || n > max) return Fail(path, rule + ", got " + std::to_string(n));
  out = static_cast<int>(n);
  return Status::Ok();
}

// Null turns the minimum off; otherwise a positive, finite number.
Status Minimum(const json& v, const std::string& path, std::optional<double>& out) {
  if (v.is_null()) {
    out.reset();
    return Status::Ok();
  }
  const std::string rule = "must be a number > 0 and <= 1000000, or null (off)";
  if (!v.is_number()) return Fail(path, rule + ", got " + TypeName(v));
  const double d = v.get<double>();
  if (!std::isfinite(d) || d <= 0 || d > 1e6) return Fail(path, rule + ", got " + v.dump());
  out = d;
  return Status::Ok();
}

// A string that ends up in a URL or a header: bounded, no control characters.
Status Text(const json& v, const std::string& path, std::size_t max_length, std::string& out) {
  if (!v.is_string()) return Fail(path, "must be a string, got " + TypeName(v));
  const std::string& text = v.get_ref<const std::string&>();
  if (text.size() > max_length) {
    return Fail(path, "must be at most " + std::to_string(max_length) + " characters");
  }
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return Fail(path, "must not contain control characters");
  }
  out = text;
  return Status::Ok();
}

bool IsTopicChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

// ntfy topics go into the URL's path: letters, digits, '-' and '_' (ntfy's own rule), 1-64.
Status Topic(const json& v, const std::string& path, std::string& out) {
  std::string topic;
  if (Status s = Text(v, path, 64, topic); !s) return s;
  if (!std::all_of(topic.begin(), topic.end(), IsTopicChar)) {
    return Fail(path, "may hold only letters, digits, '-' and '_'");
  }
  out = std::move(topic);
  return Status::Ok();
}

Status Required(bool enabled, const std::string& value, const std::string& provider,
                std::string_view field) {
  if (!enabled || !value.empty()) return Status::Ok();
  return Fail("providers." + provider + "." + std::string(field),
              "required when providers." + provider + ".enabled is true");
}

}  // namespace

AlertSettingsReader::AlertSettingsReader(AlertSettings current, AlertUrlCheck check_url,
                                         bool keep_masked)
    : s_(std::move(current)), check_url_(std::move(check_url)), keep_masked_(keep_masked) {}

Status AlertSettingsReader::Read(const json& body) {
  const auto minimum = [](std::optional<double>& out) {
    return [&out](const json& v, const std::string& p) { return Minimum(v, p, out); };
  };
  const auto flag = [](bool& out) {
    return [&out](const json& v, const std::string& p) { return Bool(v, p, out); };
  };
  Status read =
      ReadObject(body, "",
                 {
                     {"enabled", flag(s_.enabled)},
                     {"failure_threshold",
                      [this](const json& v, const std::string& p) {
                        return Int(v, p, 0, kMaxFailureThreshold, s_.failure_threshold);
                      }},
                     {"cooldown_minutes",
                      [this](const json& v, const std::string& p) {
                        return Int(v, p, 1, kMaxCooldownMinutes, s_.cooldown_minutes);
                      }},
                     {"providers",
                      [this](const json& v, const std::string& p) { return ReadProviders(v, p); }},
                     {"on_drops", flag(s_.on_drops)},
                     {"on_outages", flag(s_.on_outages)},
                     {"on_uplink_changes", flag(s_.on_uplink_changes)},
                     {"min_download_mbps", minimum(s_.min_download_mbps)},
                     {"min_upload_mbps", minimum(s_.min_upload_mbps)},
                     {"max_ping_ms", minimum(s_.max_ping_ms)},
                     {"allow_cidrs",
                      [](const json&, const std::string& p) {
                        return Fail(p, "set in the config file only ([alerts] allow_cidrs)");
                      }},
                 });
  if (!read) return read;
  return CheckWhole();
}

Status AlertSettingsReader::ReadProviders(const json& value, const std::string& path) {
  if (!value.is_object()) return Fail(path, "must be a JSON object, got " + TypeName(value));
  for (const auto& [name, provider] : value.items()) {
    if (Status s = ReadProvider(name, provider, Join(path, name)); !s) return s;
  }
  return Status::Ok();
}

Status AlertSettingsReader::ReadProvider(std::string_view name, const json& value,
                                         const std::string& path) {
  if (name == "webhook") return ReadUrlOnly(s_.webhook.enabled, s_.webhook.url, value, path);
  if (name == "discord") return ReadUrlOnly(s_.discord.enabled, s_.discord.url, value, path);
  if (name == "slack") return ReadUrlOnly(s_.slack.enabled, s_.slack.url, value, path);
  if (name == "ntfy") return ReadNtfy(value, path);
  if (name == "gotify") return ReadGotify(value, path);
  if (name == "apprise") return ReadApprise(value, path);
  return Fail(path, "unknown provider (webhook, gotify, ntfy, apprise, discord, slack)");
}

Status AlertSettingsReader::ReadUrlOnly(bool& enabled, std::string& url, const json& value,
                                        const std::string& path) {
  const std::string masked = MaskUrlPath(url);
  return ReadObject(
      value, path,
      {
          {"enabled", [&](const json& v, const std::string& p) { return Bool(v, p, enabled); }},
          {"url",
           [&, this](const json& v, const std::string& p) { return Url(v, p, masked, url); }},
      });
}

Status AlertSettingsReader::ReadNtfy(const json& value, const std::string& path) {
  NtfySettings& n = s_.ntfy;
  return ReadObject(
      value, path,
      {
          {"enabled", [&](const json& v, const std::string& p) { return Bool(v, p, n.enabled); }},
          {"url",
           [&, this](const json& v, const std::string& p) { return Url(v, p, n.url, n.url); }},
          {"topic", [&](const json& v, const std::string& p) { return Topic(v, p, n.topic); }},
          {"token",
           [&, this](const json& v, const std::string& p) { return Secret(v, p, n.token); }},
          {"priority",
           [&](const json& v, const std::string& p) { return Int(v, p, 1, 5, n.priority); }},
          {"tags", [&](const json& v,
                       const std::string& p) { return Text(v, p, kMaxAlertTextLength, n.tags); }},
      });
}

Status AlertSettingsReader::ReadGotify(const json& value, const std::string& path) {
  GotifySettings& g = s_.gotify;
  return ReadObject(
      value, path,
      {
          {"enabled", [&](const json& v, const std::string& p) { return Bool(v, p, g.enabled); }},
          {"url",
           [&, this](const json& v, const std::string& p) { return Url(v, p, g.url, g.url); }},
          {"token",
           [&, this](const json& v, const std::string& p) { return Secret(v, p, g.token); }},
          {"priority",
           [&](const json& v, const std::string& p) { return Int(v, p, 0, 10, g.priority); }},
      });
}

Status AlertSettingsReader::ReadApprise(const json& value, const std::string& path) {
  AppriseSettings& a = s_.apprise;
  return ReadObject(
      value, path,
      {
          {"enabled", [&](const json& v, const std::string& p) { return Bool(v, p, a.enabled); }},
          {"url",
           [&, this](const json& v, const std::string& p) { return Url(v, p, a.url, a.url); }},
          {"urls",
           [&, this](const json& v, const std::string& p) { return ServiceUrls(v, p, a.urls); }},
      });
}

Status AlertSettingsReader::Url(const json& value, const std::string& path,
                                const std::string& masked_current, std::string& out) const {
  std::string url;
  if (Status s = Text(value, path, kMaxAlertUrlLength, url); !s) return s;
  if (keep_masked_ && !url.empty() && url == masked_current) return Status::Ok();
  if (!url.empty() && check_url_) {
    if (Status s = check_url_(url); !s) return Fail(path, s.message());
  }
  out = std::move(url);
  return Status::Ok();
}

Status AlertSettingsReader::Secret(const json& value, const std::string& path,
                                   std::string& out) const {
  std::string secret;
  if (Status s = Text(value, path, kMaxAlertTextLength, secret); !s) return s;
  if (keep_masked_ && !secret.empty() && secret == MaskSecret(out)) return Status::Ok();
  out = std::move(secret);
  return Status::Ok();
}

Status AlertSettingsReader::ServiceUrls(const json& value, const std::string& path,
                                        std::vector<std::string>& out) const {
  if (!value.is_array()) return Fail(path, "must be an array of strings, got " + TypeName(value));
  if (value.size() > kMaxAppriseUrls) {
    return Fail(path, "must hold at most " + std::to_string(kMaxAppriseUrls) + " URLs");
  }
  std::vector<std::string> urls;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string item = path + "[" + std::to_string(i) + "]";
    std::string url;
    if (Status s = Text(value[i], item, kMaxAlertUrlLength, url); !s) return s;
    if (url.find("://") == std::string::npos || url.starts_with("://")) {
      return Fail(item, "must be an Apprise URL (scheme://...)");
    }
    // A masked entry sent back stands for the stored URL it masks.
    if (keep_masked_) {
      for (const std::string& stored : out) {
        if (url == MaskServiceUrl(stored)) url = stored;
      }
    }
    urls.push_back(std::move(url));
  }
  out = std::move(urls);
  return Status::Ok();
}

Status AlertSettingsReader::CheckWhole() const {
  const Status checks[] = {
      Required(s_.webhook.enabled, s_.webhook.url, "webhook", "url"),
      Required(s_.gotify.enabled, s_.gotify.url, "gotify", "url"),
      Required(s_.gotify.enabled, s_.gotify.token, "gotify", "token"),
      Required(s_.ntfy.enabled, s_.ntfy.url, "ntfy", "url"),
      Required(s_.ntfy.enabled, s_.ntfy.topic, "ntfy", "topic"),
      Required(s_.apprise.enabled, s_.apprise.url, "apprise", "url"),
      Required(s_.discord.enabled, s_.discord.url, "discord", "url"),
      Required(s_.slack.enabled, s_.slack.url, "slack", "url"),
  };
  for (const Status& status : checks) {
    if (!status) return status;
  }
  return Status::Ok();
}

}  // namespace ww
