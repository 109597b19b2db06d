#include "zx/api.hpp"

#include <nlohmann/json.hpp>

namespace zx::api {

void to_json(nlohmann::json& j, const Error& e) {
    j = nlohmann::json{{"error", {{"code", e.code}, {"message", e.message}}}};
}

void from_json(const nlohmann::json& j, Error& e) {
    const auto& inner = j.at("error");
    inner.at("code").get_to(e.code);
    inner.at("message").get_to(e.message);
}

void to_json(nlohmann::json& j, const Health& h) {
    j = nlohmann::json{
        {"status", h.status}, {"version", h.version}, {"schema_version", h.schema_version}, {"bases", h.bases}};
}

void from_json(const nlohmann::json& j, Health& h) {
    j.at("status").get_to(h.status);
    h.version = j.value("version", "");
    h.schema_version = j.value("schema_version", 0);
    h.bases = j.value("bases", 0);
}

void to_json(nlohmann::json& j, const BaseList& l) {
    j = nlohmann::json{{"count", l.bases.size()}, {"demo", l.demo}, {"bases", l.bases}};
}

void from_json(const nlohmann::json& j, BaseList& l) {
    j.at("bases").get_to(l.bases);
    l.demo = j.value("demo", false);
}

}  // namespace zx::api
