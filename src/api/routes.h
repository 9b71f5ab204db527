#pragma once
// The whole Connectivity Monitor route table in one call, for the app:
//   Router router;  RegisterApiRoutes(router, context);
// The context is copied into the routes; its store and clock must outlive the router.
//
// Thread safety: call once while building the router, before serving.

#include "api/api_context.h"
#include "http/router.h"

namespace ww {

void RegisterApiRoutes(Router& router, const ApiContext& context);

}  // namespace ww
