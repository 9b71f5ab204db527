#include "api/handlers.h"
#include "api/routes.h"
#include "api_test_util.h"
#include "http/pipeline.h"

namespace ww::test_api {
namespace {

class RoutesTest : public ApiTest {
 protected:
  void SetUp() override { RegisterApiRoutes(router_, Context()); }
  HttpResponse Call(std::string method, std::string path) {
    HttpRequest r = Get(std::move(path));
    r.method = std::move(method);
    return router_.Handle(r);
  }
  Router router_;
};

TEST_F(RoutesTest, PlaceholderPageNamesWanwatchAndLinksEveryEndpoint) {
  const HttpResponse r = HandleDashboard(Context(), Get("/"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<title>wanwatch</title>"), std::string::npos);
  for (const char* path :
       {"/api/status", "/api/history", "/api/drops", "/api/targets", "/api/heatmap"}) {
    EXPECT_NE(r.body.find(std::string("href=\"") + path + "\""), std::string::npos) << path;
    EXPECT_EQ(Call("GET", path).status, 200) << path << " is linked but not routed";
  }
  // The strict CSP allows no inline script or style.
  EXPECT_EQ(r.body.find("<script"), std::string::npos);
  EXPECT_EQ(r.body.find("style="), std::string::npos);
  EXPECT_EQ(r.body.find("<style"), std::string::npos);
}

TEST_F(RoutesTest, EveryEndpointUnderBothPrefixes) {
  for (const char* name : {"status", "history", "drops", "targets", "heatmap"}) {
    for (const char* prefix : {"/api/", "/api/v1/"}) {
      const std::string path = std::string(prefix) + name;
      const HttpResponse r = Call("GET", path);
      EXPECT_EQ(r.status, 200) << path;
      EXPECT_EQ(r.content_type, "application/json") << path;
      EXPECT_TRUE(nlohmann::json::accept(r.body)) << path;
      EXPECT_EQ(Call("HEAD", path).status, 200) << path;
      const HttpResponse post = Call("POST", path);
      EXPECT_EQ(post.status, 405) << path;
    }
  }
  EXPECT_EQ(Call("GET", "/").body, Call("GET", "/dashboard").body);
  EXPECT_EQ(Call("GET", "/api/nothing").status, 404);
}

TEST_F(RoutesTest, ThroughThePipelineTheDashboardGetsACsp) {
  Pipeline pipeline([this](const HttpRequest& r) { return router_.Handle(r); });
  const HttpResponse r = pipeline.Handle(Get("/dashboard"));
  bool csp = false;
  for (const auto& [name, value] : r.headers) csp |= name == "Content-Security-Policy";
  EXPECT_TRUE(csp);
}

TEST_F(RoutesTest, BadQueryThroughTheRouterIs400) {
  HttpRequest r = Get("/api/v1/history", {{"minutes", "0"}});
  EXPECT_EQ(router_.Handle(r).status, 400);
}

}  // namespace
}  // namespace ww::test_api
