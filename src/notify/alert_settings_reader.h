#pragma once
// Reads a JSON alert configuration (PUT /api/alerts, or the stored copy)
// over existing AlertSettings: the walk behind ApplyAlertSettingsUpdate
// (notify/alert_settings_json.h). Each field is type- and range-checked as it
// is read, unknown fields are refused, and the merged result is checked
// whole (required fields of enabled providers). The first problem ends the
// read: "<json path>: <why>".
//
// Thread safety: one reader per call; not shared.

#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "notify/alert_settings.h"
#include "notify/alert_settings_json.h"

namespace ww {

class AlertSettingsReader {
 public:
  // `check_url` may be empty (the stored copy: not checked again).
  // `keep_masked`: a value equal to the masked form of the current one keeps
  // the current one (GET's output sent back by a PUT).
  AlertSettingsReader(AlertSettings current, AlertUrlCheck check_url, bool keep_masked = true);

  Status Read(const nlohmann::json& body);
  const AlertSettings& settings() const { return s_; }

 private:
  Status ReadProviders(const nlohmann::json& value, const std::string& path);
  Status ReadProvider(std::string_view name, const nlohmann::json& value, const std::string& path);
  // Web hook-like providers: {enabled, url} with a masked path.
  Status ReadUrlOnly(bool& enabled, std::string& url, const nlohmann::json& value,
                     const std::string& path);
  Status ReadNtfy(const nlohmann::json& value, const std::string& path);
  Status ReadGotify(const nlohmann::json& value, const std::string& path);
  Status ReadApprise(const nlohmann::json& value, const std::string& path);

  // `masked_current`: what GET showed for the current value.
  Status Url(const nlohmann::json& value, const std::string& path,
             const std::string& masked_current, std::string& out) const;
  Status Secret(const nlohmann::json& value, const std::string& path, std::string& out) const;
  Status ServiceUrls(const nlohmann::json& value, const std::string& path,
                     std::vector<std::string>& out) const;
  Status CheckWhole() const;

  AlertSettings s_;
  AlertUrlCheck check_url_;
  bool keep_masked_;
};

}  // namespace ww
