#include "http/http_types.h"

#include <nlohmann/json.hpp>

namespace ww {

HttpResponse HttpResponse::Error(int status, std::string_view detail) {
  nlohmann::json body = {{"detail", std::string(detail)}};
  return Json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace ww
