#pragma once
// Alert settings as plain data (Hermes's GET/PUT /api/alerts shape plus
// Discord, Slack and wanwatch's own triggers). Start values come from the
// config file's [alerts] section; PUT /api/alerts replaces them at run time
// (stored in the settings table). Parsing, validation and masking live
// beside the API (alert_settings_json.*); the providers and the policy only
// read this.

#include <optional>
#include <string>
#include <vector>

namespace ww {

struct WebhookSettings {
  bool enabled = false;
  std::string url;
};

struct NtfySettings {
  bool enabled = false;
  std::string url = "https://ntfy.sh";
  std::string topic;
  std::string token;  // sent as Bearer when set; masked by GET
  int priority = 3;   // 1..5
  std::string tags;   // comma-separated
};

struct GotifySettings {
  bool enabled = false;
  std::string url;
  std::string token;  // application token; masked by GET
  int priority = 5;   // 0..10
};

struct AppriseSettings {
  bool enabled = false;
  std::string url;                // the Apprise API server (…/notify or its base)
  std::vector<std::string> urls;  // Apprise service URLs passed through; masked by GET
};

struct DiscordSettings {
  bool enabled = false;
  std::string url;  // incoming webhook; its path holds the secret, masked by GET
};

struct SlackSettings {
  bool enabled = false;
  std::string url;  // incoming webhook; masked by GET
};

struct AlertSettings {
  bool enabled = true;
  int failure_threshold = 3;  // consecutive failed speed tests; 0 = off
  int cooldown_minutes = 60;  // per alert kind, >= 1

  // What raises alerts besides failed speed tests.
  bool on_drops = true;
  bool on_outages = true;
  bool on_uplink_changes = true;
  // A speed test result under these raises kSpeedtestBelowMinimum (unset: off).
  std::optional<double> min_download_mbps;
  std::optional<double> min_upload_mbps;
  std::optional<double> max_ping_ms;

  WebhookSettings webhook;
  NtfySettings ntfy;
  GotifySettings gotify;
  AppriseSettings apprise;
  DiscordSettings discord;
  SlackSettings slack;
};

}  // namespace ww
