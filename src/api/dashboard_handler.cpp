#include "api/handlers.h"

namespace ww {
namespace {

// Placeholder until the real dashboard (web/) is embedded. No script and no
// inline style, so it passes the server's strict Content-Security-Policy.
constexpr std::string_view kPage = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wanwatch</title>
</head>
<body>
<h1>wanwatch</h1>
<p>wanwatch watches this internet connection. The live dashboard is not built into this
version yet; the JSON API is available now:</p>
<ul>
<li><a href="/api/status">/api/status</a> &mdash; health score and grade, uptime, loss, latency, jitter, trend, diagnosis</li>
<li><a href="/api/history">/api/history</a> &mdash; latency and gateway history (<code>?minutes=</code>, <code>?step=</code>)</li>
<li><a href="/api/drops">/api/drops</a> &mdash; connectivity drops (<code>?limit=</code>)</li>
<li><a href="/api/targets">/api/targets</a> &mdash; per-target statistics</li>
<li><a href="/api/heatmap">/api/heatmap</a> &mdash; average latency by hour of day</li>
</ul>
<p>Every <code>/api/X</code> path is also served as <code>/api/v1/X</code>.</p>
</body>
</html>
)";

}  // namespace

HttpResponse HandleDashboard(const ApiContext& context, const HttpRequest& request) {
  return HttpResponse{200, "text/html; charset=utf-8", std::string(kPage), {}};
}

}  // namespace ww
