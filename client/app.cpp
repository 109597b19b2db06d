#include "app.hpp"

#include "platform/platform.hpp"
#include "sync/replica.hpp"
#include "views/views.hpp"

#include <imgui.h>

namespace zx::client {

namespace {
// std::visit with one lambda per command type.
template <class... F>
struct Handlers : F... {
    using F::operator()...;
};
template <class... F>
Handlers(F...) -> Handlers<F...>;
// Whether the person did anything this frame (the kiosk's idle reset):
// moved or pressed the pointer, typed, or pressed a key.
bool any_input() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.InputQueueCharacters.Size > 0) return true;
    if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0) return true;
    for (int b = 0; b < ImGuiMouseButton_COUNT; ++b)
        if (io.MouseDown[b]) return true;
    if (io.MouseWheel != 0 || io.MouseWheelH != 0) return true;
    for (int key = ImGuiKey_NamedKey_BEGIN; key < ImGuiKey_NamedKey_END; ++key)
        if (ImGui::IsKeyDown(static_cast<ImGuiKey>(key))) return true;
    return false;
}
}  // namespace

App::App(platform::Platform& platform)
    : platform_(platform),
      engine_(platform),
      api_(platform),
      services_{platform, engine_, api_, state_},
      settings_(services_),
      account_(services_),
      bases_(services_),
      base_admin_(services_),
      notes_(services_),
      tools_(services_),
      activities_(services_),
      timetable_(services_),
      trips_(services_),
      attention_(services_),
      drafts_(services_),
      links_(services_),
      family_(services_),
      roster_(services_),
      kiosk_(services_) {}

App::~App() { set_glyph_cache(nullptr); }

void App::init() {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; nothing to remember
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    fonts_ = load_fonts(platform_.font_path());
    // A CJK ideograph is one em wide: its advance gives the font's em per px
    // of ImGui size (ImGui sizes a font by ascent + descent, CSS by its em).
    if (fonts_.body && fonts_.cjk)
        if (const ImFontGlyph* g = fonts_.body->FindGlyphNoFallback(0x4E2D); g && fonts_.body->FontSize > 0)
            body_em_per_px_ = g->AdvanceX / fonts_.body->FontSize;
    set_glyph_cache(&glyphs_);
    data_.set_route_lookup([this](const std::string& id) { return state_.find_route(id); });
    platform_.set_font_handler([this](std::shared_ptr<const std::vector<unsigned char>> otf) { pending_font_ = std::move(otf); });

    platform_.set_state_provider([this] { return state_json(); });
    platform_.set_record_provider([this](const std::string& collection, const std::string& id) {
        return record_json(engine_, collection, id);
    });
    platform_.set_map_pick_handler([this](const std::string& id) { bases_.picked(id); });
    // Events that cross features.
    account_.on_back_online = [this] {
        bases_.back_online();
        engine_.retry_now();
    };
    base_admin_.on_imported = [this] { bases_.request(); };
    trips_.on_planned = [this] { drafts_.handle(DiscardDrafts{"trips", std::string(kNewRecord)}); };
    // Drafts go with the session (shared computers), and come back with the
    // store: to where the newest was typed, unless a link says otherwise.
    account_.on_signing_out = [this] { drafts_.sign_out(); };
    drafts_.on_loaded = [this](const std::string& link) { links_.come_back(link); };
    notes_.on_new_closed = [this] { drafts_.drop_record("notes", kNewRecord); };
    platform_.set_route_handler([this](const std::string& link) { links_.changed(link); });
    links_.init();
    // A note whose editor holds unsaved text would not take the adopted text
    // by itself: open it again.
    attention_.on_adopted = [this](const Conflict& c) {
        if (c.target_collection == "notes") notes_.reload(c.target_id);
    };

    settings_.init();
    kiosk_.init();
    // A kiosk has no user: its device token is all it signs in with.
    if (!state_.kiosk.on) account_.init();
    // The bases list follows in after_frame, once a view needs it.
}

void App::show_route(const std::string& id) {
    ui_.map.tab = 1;
    commands_.push(ShowRoute{id});
}

void App::apply(const Command& command) {
    // One handler per command type: a command added without one does not compile.
    std::visit(Handlers{
                   [&](const Navigate& c) { state_.view = c.view; },
                   [&](const OpenUrl& c) { platform_.open_url(c.url); },
                   [&](const ChangeSettings& c) { settings_.handle(c); },
                   [&](const KeepDraft& c) { drafts_.handle(c); },
                   [&](const DropDraft& c) { drafts_.handle(c); },
                   [&](const DraftShown& c) { drafts_.handle(c); },
                   [&](const DiscardDrafts& c) { drafts_.handle(c); },
                   [&](const FocusActivity& c) { activities_.handle(c); },
                   [&](const SelectBase& c) { bases_.handle(c); },
                   [&](const SetBaseFilter& c) { bases_.handle(c); },
                   [&](const ReloadBases& c) { bases_.handle(c); },
                   [&](const Locate& c) { bases_.handle(c); },
                   [&](const ShowRoute& c) { bases_.handle(c); },
                   [&](const ImportBases& c) { base_admin_.handle(c); },
                   [&](const SetBaseStatus& c) { base_admin_.handle(c); },
                   [&](const ToggleTripBase& c) { trips_.handle(c); },
                   [&](const PlanFromRoute& c) { trips_.handle(c); },
                   [&](const PlanTrip& c) { trips_.handle(c); },
                   [&](const RateBase& c) { trips_.handle(c); },
                   [&](const SelectTrip& c) { trips_.handle(c); },
                   [&](const RecordAttendance& c) { trips_.handle(c); },
                   [&](const CloseTrip& c) { trips_.handle(c); },
                   [&](const SignIn& c) { account_.handle(c); },
                   [&](const Register& c) { account_.handle(c); },
                   [&](const SignOut& c) { account_.handle(c); },
                   [&](const TakeOverStore& c) { account_.handle(c); },
                   [&](const CreateClass& c) { account_.handle(c); },
                   [&](const JoinClass& c) { account_.handle(c); },
                   [&](const IssueGuardianCode& c) { account_.handle(c); },
                   [&](const LinkGuardian& c) { account_.handle(c); },
                   [&](const ChangePassword& c) { account_.handle(c); },
                   [&](const LoadSessions& c) { account_.handle(c); },
                   [&](const EndSession& c) { account_.handle(c); },
                   [&](const InviteTeacher& c) { account_.handle(c); },
                   [&](const FirstSignIn& c) { account_.handle(c); },
                   [&](const ImportRoster& c) { roster_.handle(c); },
                   [&](const PrintCards& c) { roster_.handle(c); },
                   [&](const NewNote& c) { notes_.handle(c); },
                   [&](const OpenNote& c) { notes_.handle(c); },
                   [&](const SaveNote& c) { notes_.handle(c); },
                   [&](const DeleteNote& c) { notes_.handle(c); },
                   [&](const PinNote& c) { notes_.handle(c); },
                   [&](const RestoreVersion& c) { notes_.handle(c); },
                   [&](const SearchNotes& c) { notes_.handle(c); },
                   [&](const MakeCards& c) { tools_.handle(c); },
                   [&](const ReviewCard& c) { tools_.handle(c); },
                   [&](const AddLink& c) { tools_.handle(c); },
                   [&](const DeleteLink& c) { tools_.handle(c); },
                   [&](const PublishActivity& c) { activities_.handle(c); },
                   [&](const SaveWork& c) { activities_.handle(c); },
                   [&](const ReviewWork& c) { activities_.handle(c); },
                   [&](const AddTimetableEntry& c) { timetable_.handle(c); },
                   [&](const DeleteTimetableEntry& c) { timetable_.handle(c); },
                   [&](const SaveTerm& c) { timetable_.handle(c); },
                   [&](const ExportTimetable& c) { timetable_.handle(c); },
                   [&](const ImportTimetable& c) { timetable_.handle(c); },
                   [&](const ResolveConflict& c) { attention_.handle(c); },
                   [&](const RetryRefused& c) { attention_.handle(c); },
                   [&](const DiscardRefused& c) { attention_.handle(c); },
                   [&](const SaveConsentForm& c) { family_.handle(c); },
                   [&](const RemindConsent& c) { family_.handle(c); },
                   [&](const AnswerConsent& c) { family_.handle(c); },
                   [&](const SaveHomeResource& c) { family_.handle(c); },
                   [&](const DeleteHomeResource& c) { family_.handle(c); },
                   [&](const KioskEnrol& c) { kiosk_.handle(c); },
                   [&](const KioskScan& c) { kiosk_.handle(c); },
                   [&](const KioskPick& c) { kiosk_.handle(c); },
                   [&](const KioskCheckOut& c) { kiosk_.handle(c); },
                   [&](const KioskShow& c) { kiosk_.handle(c); },
                   [&](const KioskUnlock& c) { kiosk_.handle(c); },
                   [&](const KioskGroupIn& c) { kiosk_.handle(c); },
                   [&](const KioskSendNow& c) { kiosk_.handle(c); },
                   [&](const KioskForget& c) { kiosk_.handle(c); },
                   [&](const KioskQuit& c) { kiosk_.handle(c); },
               },
               command);
}

bool App::prepare_frame() {
    bool rebuild = false;
    std::shared_ptr<const std::vector<unsigned char>> otf = fonts_.data;
    if (pending_font_) {
        otf = std::move(pending_font_);
        pending_font_.reset();
        rebuild = true;
    }
    if (glyphs_.update(platform_, fonts_, ImGui::GetTime())) rebuild = true;
    if (!rebuild) return false;
    Fonts f = load_fonts(otf, &glyphs_.extra());
    // An unreadable new font: keep the one before.
    fonts_ = f.cjk || !fonts_.cjk ? std::move(f) : load_fonts(fonts_.data, &glyphs_.extra());
    return true;
}

void App::frame() {
    platform_.poll();
    engine_.tick();
    drafts_.tick();
    state_.now_ms = platform_.now_ms();
    state_.progress = engine_.progress();
    state_.sync = engine_.status();
    if (engine_.ready()) {
        glyphs_.note_records(engine_.replica());
        data_.refresh(engine_.replica(), engine_.user_id());
        state_.data = &data_;
    } else {
        data_.clear();
        state_.data = nullptr;
    }
    // The one layout of this frame, from the display size and the person's
    // scale; the theme follows it.
    const ImGuiIO& io = ImGui::GetIO();
    const auto layout = ui::compute_layout(io.DisplaySize.x, io.DisplaySize.y, state_.settings.ui_scale,
                                           fonts_.body ? fonts_.body->FontSize : kBodyFontPx, body_em_per_px_);
    if (!theme_applied_ || !(layout == ui::layout())) {
        ui::set_layout(layout);
        apply_theme(layout);
        theme_applied_ = true;
    }
    for (auto& c : links_.due()) commands_.push(std::move(c));  // applied with the views' commands
    ImGui::NewFrame();
    touch_.begin_frame();
    ++state_.frame;
    ui_.items.clear();
    account_.tick(ImGui::GetTime());
    kiosk_.tick(any_input());
    draw_shell({state_, ui_, platform_, commands_, fonts_});
    ImGui::Render();
    platform_.end_frame();
    // A command changes what is shown: draw it (an idle app draws nothing
    // unless asked, see Platform::request_frame).
    auto commands = commands_.take();
    if (!commands.empty()) platform_.request_frame();
    for (const auto& c : commands) apply(c);
    bases_.after_frame();
    links_.follow();
}

}  // namespace zx::client
