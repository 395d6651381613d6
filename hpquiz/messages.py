"""What the interface itself says, in English and Turkish, looked up by key.

`words.py` names the *subject* (verdicts, topics) in a deck's language; this
catalogue holds the app's own sentences ("Right! Saved as Good.", "Predict
first", the rating names, the session summary, the drill's grading lines), so
a Turkish deck is not studied through English chrome.

Why a flat table of keys: every screen, the CLI and the core ask for the same
sentence by one name, a test can check that every key exists in every language
with the same `{placeholders}`, and helpers adding texts only append rows.

Which language: the interface-language setting is "deck" (follow the deck's
language, the default), or a language code ("en", "tr") that wins everywhere.
A key missing in a language falls back to English; an unknown key is a bug and
raises `KeyError`.
"""

from __future__ import annotations

import string

from collections.abc import Mapping

ENGLISH = "en"
LANGUAGES = ("en", "tr")
FOLLOW_DECK = "deck"
LANGUAGE_SETTINGS = (FOLLOW_DECK, *LANGUAGES)
LANGUAGE_NAMES = {"en": "English", "tr": "Türkçe", FOLLOW_DECK: "follow the deck"}

# key -> {language: text}. Placeholders use str.format names and must agree across languages.
CATALOGUE: dict[str, Mapping[str, str]] = {
    # exports (apkg, csv, gift, moodle xml): feedback and labels in the deck's language
    "export.right": {"en": "Right.", "tr": "Doğru."},
    "export.right_because": {"en": "Right: {text}", "tr": "Doğru: {text}"},
    "export.no_because": {"en": "No: {text}", "tr": "Hayır: {text}"},
    "export.run_was": {"en": "the simulated run was {verdict} on {share}{reason}.",
                       "tr": "simüle edilen eğitimin sonucu: {share} {verdict}{reason}."},
    "export.option_was": {"en": "simulated, this run is {verdict} on {share}{reason}.",
                          "tr": "simülasyonda bu eğitimin sonucu: {share} {verdict}{reason}."},
    "export.simulated_run": {"en": "The simulated run: {verdict}", "tr": "Simüle edilen eğitim: {verdict}"},
    "export.setup": {"en": "Setup:", "tr": "Eğitim ayarları:"},
    "export.baseline": {"en": "baseline", "tr": "verilen ayar"},
    "export.no_hidden_layer": {"en": "[] (no hidden layer)", "tr": "[] (gizli katman yok)"},
    "export.alt_baseline": {"en": "the baseline run's loss curves", "tr": "verilen ayarla eğitimin kayıp eğrileri"},
    "export.alt_every_run": {"en": "loss curves of every simulated run",
                             "tr": "simüle edilen bütün eğitimlerin kayıp eğrileri"},
    # the simulator's evidence sentence for a verdict (simulator.Evidence, said by hpquiz.evidence): the
    # English texts are diagnose's own sentences, number formats included, and the others format the same numbers
    "evidence.diverged.not_finite_at_start": {
        "en": "the loss was not a finite number from the very first epoch: the first steps already overshot",
        "tr": "kayıp daha ilk epoktan sonlu bir sayı değildi: ilk adımlar bile minimumu aşıp geçti"},
    "evidence.diverged.grew": {
        "en": "training started at a loss of {start:.3g}, and by epoch {epochs} it had grown to {end:.3g}: "
              "the run blew up and was stopped",
        "tr": "eğitim {start:.3g} kayıpla başladı, {epochs}. epokta kayıp {end:.3g} değerine çıkmıştı: "
              "kayıp patladı ve eğitim durduruldu"},
    "evidence.diverged.not_finite": {
        "en": "training started at a loss of {start:.3g}, and by epoch {epochs} it was no longer a finite number: "
              "the run blew up and was stopped",
        "tr": "eğitim {start:.3g} kayıpla başladı, {epochs}. epokta kayıp artık sonlu bir sayı değildi: "
              "kayıp patladı ve eğitim durduruldu"},
    "evidence.unstable.jumps": {
        "en": "training loss jumped up {jumps} time{jumps:s} between epochs by more than {jump:.0%} of its starting value; "
              "the biggest jump, at epoch {epoch}, went from {before:.3g} to {after:.3g}",
        "tr": "eğitim kaybı epoklar arasında {jumps} kez, başlangıç değerinin {jump:.0%} kadarından fazla yukarı "
              "sıçradı; en büyük sıçramada, {epoch}. epokta, kayıp {before:.3g} değerinden {after:.3g} değerine çıktı"},
    "evidence.overfitting.val_rise": {
        "en": "validation loss (averaged over {window} epochs) bottomed out at epoch {epoch} ({low:.3g}) and rose "
              "{rise:.0%} since, while training loss kept falling ({train_low:.3g} to {train_end:.3g})",
        "tr": "doğrulama kaybı ({window} epokluk kayan ortalamayla) en düşük değerine {epoch}. epokta indi "
              "({low:.3g}) ve o zamandan beri {rise:.0%} yükseldi; bu sırada eğitim kaybı düşmeye devam etti "
              "({train_low:.3g} değerinden {train_end:.3g} değerine)"},
    "evidence.overfitting.gap": {
        "en": "validation loss {val:.3g} is {times} the training loss {train:.3g} at epoch {epoch}: the model fits "
              "its training points much better than new ones ({fit})",
        "tr": "{epoch}. epokta doğrulama kaybı {val:.3g}, eğitim kaybı {train:.3g}; doğrulama kaybı eğitim "
              "kaybının {times}: model eğitim noktalarına yeni noktalardan çok daha iyi uyuyor ({fit})"},
    "evidence.times.ratio": {"en": "{ratio:.1f}x", "tr": "{ratio:.1f} katı"},
    "evidence.times.hundreds": {"en": "hundreds of times", "tr": "yüzlerce katı"},
    "evidence.fit.accuracy": {"en": "accuracy {train:.0%} on training, {val:.0%} on validation",
                              "tr": "doğruluk eğitimde {train:.0%}, doğrulamada {val:.0%}"},
    "evidence.fit.r2": {"en": "R² {train:.2f} on training, {val:.2f} on validation",
                        "tr": "R² eğitimde {train:.2f}, doğrulamada {val:.2f}"},
    "evidence.too_slow.barely_moved": {
        "en": "in {epochs} epochs the training loss only went from {start:.3g} to {end:.3g} ({fall:.0%} lower)",
        "tr": "{epochs} epokta eğitim kaybı yalnızca {start:.3g} değerinden {end:.3g} değerine indi "
              "({fall:.0%} daha düşük)"},
    "evidence.too_slow.barely_moved_weights": {
        "en": "in {epochs} epochs the training loss only went from {start:.3g} to {end:.3g} ({fall:.0%} lower), "
              "and the weights moved only {moved:.1%} from their start",
        "tr": "{epochs} epokta eğitim kaybı yalnızca {start:.3g} değerinden {end:.3g} değerine indi "
              "({fall:.0%} daha düşük) ve ağırlıklar başlangıç değerlerinden yalnızca {moved:.1%} oranında uzaklaştı"},
    "evidence.too_slow.still_falling": {
        "en": "training loss was still falling when the run ended: the last {recent_share:.0%} of the epochs brought "
              "{share:.0%} of the whole decrease (from {start:.3g} to {end:.3g})",
        "tr": "epoklar bittiğinde eğitim kaybı hâlâ düşüyordu: bütün düşüşün {share:.0%} kadarı epokların son "
              "{recent_share:.0%} kadarında gerçekleşti ({start:.3g} değerinden {end:.3g} değerine)"},
    "evidence.underfitting.levelled_off": {
        "en": "training loss levelled off at {end:.3g} (the last {recent_share:.0%} of the epochs changed it by only "
              "{change:.1%} of its start)",
        "tr": "eğitim kaybı {end:.3g} düzeyinde düzleşti (epokların son {recent_share:.0%} kadarındaki değişim, "
              "başlangıç değerinin yalnızca {change:.1%} kadarıydı)"},
    "evidence.good.generalises": {
        "en": "training loss fell from {start:.3g} to {end:.3g} and validation loss ended close to it at {val:.3g}",
        "tr": "eğitim kaybı {start:.3g} değerinden {end:.3g} değerine düştü; doğrulama kaybı da ona yakın, "
              "{val:.3g} değerinde bitti"},
    # the curve and boundary images (PNG) of exports, in the deck's language
    "chart.loss_log": {"en": "loss (log scale)", "tr": "kayıp (log ölçek)"},
    "chart.epoch": {"en": "epoch", "tr": "epok"},
    "chart.update_step": {"en": "update step (epoch 1)", "tr": "güncelleme adımı (1. epok)"},
    "chart.at_step": {"en": "step {n}", "tr": "{n}. adım"},
    "chart.at_epoch": {"en": "epoch {n}", "tr": "{n}. epok"},
    "chart.left": {"en": "↑ {peak} at {where}", "tr": "↑ {peak}, {where}"},
    "chart.blew_up": {"en": "✕ blew up: {peak} at {where}", "tr": "✕ patladı: {peak}, {where}"},
    "chart.best_stopped": {"en": "best epoch {best}, stopped at {stopped}",
                           "tr": "en iyi epok {best}, {stopped}. epokta durdu"},
    "chart.solid_train": {"en": "solid: training loss", "tr": "düz çizgi: eğitim kaybı"},
    "chart.dashed_val": {"en": "dashed: validation loss", "tr": "kesikli çizgi: doğrulama kaybı"},
    "chart.faint_seeds": {"en": "faint: the same setup on other seeds", "tr": "soluk: aynı ayar, diğer tohumlarda"},
    "chart.no_picture": {"en": "no picture", "tr": "resim yok"},
    "chart.models_points": {"en": "what each network learned: ● training, ○ validation points",
                            "tr": "her ağın öğrendiği: ● eğitim, ○ doğrulama noktaları"},
    "chart.models_curve": {"en": "the fitted function over the data: ● training, ○ validation",
                           "tr": "verinin üzerinde öğrenilen fonksiyon: ● eğitim, ○ doğrulama"},
    "chart.title_baseline": {"en": "The baseline run", "tr": "Verilen ayarla eğitim"},
    "chart.title_compare": {"en": "The baseline and the changed setup", "tr": "Verilen ayar ve değiştirilmiş ayar"},
    "chart.title_options": {"en": "The baseline and every option", "tr": "Verilen ayar ve her seçenek"},
    "chart.with_change": {"en": "with the change", "tr": "değişiklikle"},
    "export.claim_question": {
        "en": "The claim says the {measure} will be {direction}. Do the runs bear the claim out on every seed?",
        "tr": "İddiaya göre {measure} {direction} olur. Eğitimler bu iddiayı her tohumda doğruluyor mu?"},
    "export.claim_measured": {"en": "the {measure} was {actual} on every seed; {numbers}.",
                              "tr": "{measure} her tohumda {actual} çıktı; {numbers}."},
    "export.measured": {"en": "measured on every seed, {numbers}.", "tr": "her tohumda ölçüldü: {numbers}."},
    # ratings, as the study screen and the summary name them
    "rating.again": {"en": "Again", "tr": "Tekrar"},
    "rating.hard": {"en": "Hard", "tr": "Zor"},
    "rating.good": {"en": "Good", "tr": "İyi"},
    "rating.easy": {"en": "Easy", "tr": "Kolay"},
    # study: a card and its feedback
    "study.title": {"en": "Study", "tr": "Çalışma"},
    "study.show_answer": {"en": "show answer", "tr": "cevabı göster"},
    "study.next_card": {"en": "next card", "tr": "sonraki kart"},
    "study.undo": {"en": "undo", "tr": "geri al"},
    # where escape leads: a name ("escape: home") and, `to_`, where it goes ("escape goes home")
    "back.home": {"en": "home", "tr": "ana sayfa"},
    "back.cards": {"en": "cards", "tr": "kartlar"},
    "back.back": {"en": "back", "tr": "geri"},
    "back.to_home": {"en": "home", "tr": "ana sayfaya"},
    "back.to_cards": {"en": "back to the cards", "tr": "kartlara"},
    "back.to_back": {"en": "back", "tr": "geri"},
    "study.pick_one": {"en": "pick the right option", "tr": "doğru seçeneği seç"},
    "study.pick_several": {"en": "pick (several are right)", "tr": "seç (birden çok doğru var)"},
    "study.submit": {"en": "submit", "tr": "gönder"},
    "study.several_right": {
        "en": "(several are right: pick each, then enter)",
        "tr": "(birden çok doğru var: her birini seç, sonra enter)",
    },
    "study.reversed": {"en": "reversed", "tr": "ters"},
    "study.right_saved": {"en": "Right! Saved as {rating}.", "tr": "Doğru! {rating} olarak kaydedildi."},
    "study.wrong_saved": {"en": "Not quite. Saved as {rating}.", "tr": "Tam değil. {rating} olarak kaydedildi."},
    "study.picked_right": {"en": "your pick, right", "tr": "seçtiğin, doğru"},
    "study.picked_wrong": {"en": "your pick, wrong", "tr": "seçtiğin, yanlış"},
    "study.missed": {"en": "right, not picked", "tr": "doğru, seçmedin"},
    "study.reveal_first": {"en": "Press space to see the answer first.", "tr": "Önce cevabı görmek için boşluğa bas."},
    "study.nothing_to_undo": {"en": "Nothing to undo in this session.", "tr": "Bu oturumda geri alınacak bir şey yok."},
    # study: the summary at the end of a sitting
    "summary.finished": {"en": "Session finished", "tr": "Oturum bitti"},
    "summary.answers": {
        "en": "{answers} answer{answers:s} on {cards} card{cards:s} in {time}.",
        "tr": "{cards} kartta {answers} cevap, {time} sürede.",
    },
    "summary.recalled": {
        "en": "{share:.0%} of the answers were not Again.",
        "tr": "Cevapların {share:.0%} kadarı Tekrar değildi.",
    },
    "summary.nothing_due": {
        "en": "Nothing is due right now. Come back later, or try the lab.",
        "tr": "Şu an vakti gelen kart yok. Sonra tekrar gel ya da laboratuvarı dene.",
    },
    "summary.new_done": {
        "en": "Today's new cards are done: {count} introduced, as many as the daily limit allows.",
        "tr": "Bugünün yeni kartları bitti: {count} kart tanıtıldı, günlük sınırın izin verdiği kadar.",
    },
    "summary.new_off": {
        "en": "New cards are off: the daily limit is 0 (Settings, or m for a few more).",
        "tr": "Yeni kartlar kapalı: günlük sınır 0 (Ayarlar, ya da birkaç kart daha için m).",
    },
    "summary.custom_done": {
        "en": "That was every card of this session.",
        "tr": "Bu oturumun bütün kartları bu kadardı.",
    },
    "study.no_more_new": {
        "en": "No new card is left to add here: each is studied already, suspended or buried.",
        "tr": "Eklenecek yeni kart kalmadı: hepsi çalışıldı, askıya alındı ya da gömüldü.",
    },
    "summary.next_due": {"en": "Nothing is due now; the next card is due in {when}.", "tr": "Şu an vakti gelen kart yok; sıradaki {when} sonra."},
    "summary.study_more": {"en": "{count} more new cards", "tr": "{count} yeni kart daha"},
    "summary.custom": {"en": "custom session", "tr": "özel oturum"},
    "study.custom_title": {"en": "A custom session", "tr": "Özel bir oturum"},
    "study.custom_hint": {
        "en": "which cards: deck:ID, topic:T, tag:X or failed:today (cards rated Again today), and words; "
              "e.g. {example}",
        "tr": "hangi kartlar: deck:ID, topic:T, tag:X ya da failed:today (bugün Tekrar verilen kartlar) ve "
              "kelimeler; örneğin {example}",
    },
    "study.custom_none": {"en": "No card to study matches {query}.", "tr": "{query} ile eşleşen çalışılacak kart yok."},
    "study.custom_empty": {
        "en": "Name the cards: a deck, topic, tag or failed:today.",
        "tr": "Kartları belirt: bir deste, konu, etiket ya da failed:today.",
    },
    "study.more_after": {"en": "Study more comes after this sitting's cards.", "tr": "Daha fazla çalışma bu oturumun kartlarından sonra gelir."},
    "keys.space_choice": {"en": "Space does nothing here: answer with the option's number.", "tr": "Boşluk burada işe yaramaz: seçeneğin numarasıyla cevapla."},
    "keys.space_summary": {"en": "The sitting is over: m studies more, escape goes {back}.", "tr": "Oturum bitti: m ile daha fazla çalış, escape ile {back} dön."},
    "summary.scenarios_wait": {
        "en": "{count} scenario cards wait in the drill (d on Home).",
        "tr": "{count} senaryo kartı alıştırmada bekliyor (ana sayfada d).",
    },
    # drill
    "drill.title": {"en": "Drill", "tr": "Alıştırma"},
    "keys.drill_running": {"en": "The runs are training: wait for the result, or escape cancels.",
                           "tr": "Eğitim sürüyor: sonucu bekle ya da escape ile iptal et."},
    "keys.drill_predicted": {"en": "You have predicted already: n goes to the next scenario.",
                             "tr": "Tahminini verdin: n ile sonraki senaryoya geç."},
    "keys.drill_next_after": {"en": "Predict first (a number): n comes after the result.",
                              "tr": "Önce tahmin et (bir numara): n sonuçtan sonra gelir."},
    "keys.drill_models_after": {"en": "b shows what the networks learned once the result is in.",
                                "tr": "b, sonuç gelince ağların ne öğrendiğini gösterir."},
    "keys.drill_saved": {"en": "The result is saved already: s is for a save the database refused.",
                         "tr": "Sonuç zaten kaydedildi: s, veritabanının reddettiği bir kayıt içindir."},
    "keys.drill_no_option": {"en": "There is no choice {n}: pick 1…{count}.",
                             "tr": "{n} numaralı seçenek yok: 1…{count} arasından seç."},
    "keys.drill_no_scroll": {"en": "Nothing to scroll: all of it is on screen.",
                             "tr": "Kaydırılacak bir şey yok: hepsi ekranda."},
    "keys.drill_nothing_running": {"en": "Nothing is training.", "tr": "Eğitilen bir şey yok."},
    "keys.drill_refused": {"en": "This scenario cannot be trained here (see why above): n goes to the next one.",
                           "tr": "Bu senaryo burada eğitilemiyor (nedeni yukarıda): n ile sonrakine geç."},
    "keys.drill_no_card": {"en": "No scenario cards in these decks: escape goes {back}.",
                           "tr": "Bu destelerde senaryo kartı yok: escape ile {back} dön."},
    "drill.predict_first": {"en": "Predict first: ", "tr": "Önce tahmin et: "},
    "drill.which_verdict": {"en": "which verdict will the run get?", "tr": "eğitim hangi sonuçla biter?"},
    "drill.which_change": {"en": "which change reaches '{goal}'?", "tr": "hangi değişiklik '{goal}' sonucuna ulaştırır?"},
    "drill.as_given": {"en": "the setup as given", "tr": "verilen ayar"},
    "drill.your_prediction": {"en": "← your prediction", "tr": "← tahminin"},
    "drill.yours": {"en": "← yours", "tr": "← seninki"},
    "drill.what_the_run_did": {"en": "✓ what the run did", "tr": "✓ eğitimin sonucu"},
    "drill.reaches": {"en": "✓ reaches {goal}", "tr": "✓ {goal} sonucuna ulaşır"},
    "drill.right": {"en": "✓ Right. ", "tr": "✓ Doğru. "},
    "drill.wrong": {"en": "✗ Not this time. ", "tr": "✗ Bu sefer olmadı. "},
    "drill.training": {
        "en": "Training {count} runs ({setups} setups × {seeds} seeds)… escape cancels",
        "tr": "{count} eğitim çalışıyor ({setups} ayar × {seeds} tohum)… escape iptal eder",
    },
    "drill.not_started": {
        "en": "Not started: {error}\nNothing is recorded for this scenario. n: next scenario · escape: {back}",
        "tr": "Başlatılmadı: {error}\nBu senaryo için hiçbir şey kaydedilmedi. n: sonraki senaryo · escape: {back}",
    },
    "drill.cancelled": {
        "en": "Cancelled: nothing recorded. Predict again to run.",
        "tr": "İptal edildi: hiçbir şey kaydedilmedi. Çalıştırmak için yeniden tahmin et.",
    },
    "drill.next_hint": {"en": "n: next scenario · escape: {back}", "tr": "n: sonraki senaryo · escape: {back}"},
    "drill.no_scenarios": {"en": "No scenario cards in these decks.", "tr": "Bu destelerde senaryo kartı yok."},
    "drill.decks_with_scenarios": {"en": "Decks with drills (highlight one on Home and press d): {decks}",
                                   "tr": "Senaryo kartı olan desteler (Ana ekranda birini seçip d'ye basın): {decks}"},
    "drill.models_hint": {"en": "b: what each network learned ↔ the loss curves",
                          "tr": "b: her ağın öğrendiği ↔ kayıp eğrileri"},
    "drill.model_baseline": {"en": "baseline: {verdict}", "tr": "verilen ayar: {verdict}"},
    "drill.model_option": {"en": "your option {n}: {verdict}", "tr": "senin seçeneğin {n}: {verdict}"},
    "drill.setup": {"en": "Setup: ", "tr": "Ayar: "},
    "drill.scenario_n": {"en": "scenario {n}", "tr": "senaryo {n}"},
    "drill.evidence_given": {"en": "The setup as given", "tr": "Verilen ayar"},
    "drill.evidence_option": {"en": "Your option {n}", "tr": "Senin seçeneğin {n}"},
    # the drill's grading sentences (hpquiz.drill.grade)
    "grade.predict_right": {
        "en": "The run ended {actual} on {share}, as you predicted.",
        "tr": "Eğitim tahmin ettiğin gibi {share} {actual} ile bitti.",
    },
    "grade.predict_wrong": {
        "en": "You predicted {guess}; the run ended {actual} on {share}.",
        "tr": "Tahminin {guess} idi; eğitim {share} {actual} ile bitti.",
    },
    "grade.option_right": {"en": "“{option}” reached {goal} on {share}.", "tr": "“{option}” {share} {goal} sonucuna ulaştı."},
    "grade.option_wrong": {
        "en": "“{option}” ended {reached} on {share}, not {goal}. Reaching {goal}: {right}.",
        "tr": "“{option}” {share} {goal} değil, {reached} ile bitti. {goal} sonucuna ulaşanlar: {right}.",
    },
    "grade.none_of_the_options": {"en": "none of the options", "tr": "seçeneklerden hiçbiri"},
    # compare cards: a claim about one change, predicted as a direction (hpquiz.claims)
    "direction.higher": {"en": "higher", "tr": "daha yüksek"},
    "direction.lower": {"en": "lower", "tr": "daha düşük"},
    "direction.same": {"en": "about the same", "tr": "yaklaşık aynı"},
    "drill.claim": {"en": "Claim: ", "tr": "İddia: "},
    "drill.which_direction": {
        "en": "with the change, the {measure} will be…",
        "tr": "değişiklikle {measure}…",
    },
    "drill.change": {"en": "Change: ", "tr": "Değişiklik: "},
    "drill.baseline_measured": {"en": "baseline", "tr": "verilen ayar"},
    "drill.changed_measured": {"en": "with the change", "tr": "değişiklikle"},
    "drill.measured_effect": {"en": "difference", "tr": "fark"},
    "drill.what_the_seeds_did": {"en": "✓ what the seeds showed", "tr": "✓ tohumların gösterdiği"},
    "grade.compare_right": {
        "en": "With the change the {measure} was {actual} on {share}, as you predicted.",
        "tr": "Değişiklikle {measure}, tahmin ettiğin gibi {share} {actual} çıktı.",
    },
    "grade.compare_wrong": {
        "en": "You predicted {guess}; with the change the {measure} was {actual} on {share}.",
        "tr": "Tahminin {guess} idi; değişiklikle {measure} {share} {actual} çıktı.",
    },
    "seeds.share": {"en": "{count} of {k} seeds", "tr": "{k} tohumun {count} tanesinde"},
    # the measures a compare card reads (simulator.measures), named for the learner
    "measure.final_val_loss": {"en": "final validation loss", "tr": "son doğrulama kaybı"},
    "measure.best_val_loss": {"en": "best validation loss", "tr": "en iyi doğrulama kaybı"},
    "measure.gap": {"en": "train/validation gap", "tr": "eğitim ile doğrulama kaybı arasındaki fark"},
    "measure.step_noise": {"en": "per-step loss noise", "tr": "adım başına kayıp gürültüsü"},
    "measure.epochs_to_target": {"en": "epochs to reach the target loss", "tr": "hedef kayba ulaşma epok sayısı"},
    "measure.weight_norm": {"en": "weight norm", "tr": "ağırlık normu"},
    "measure.accuracy": {"en": "validation accuracy", "tr": "doğrulama doğruluğu"},
    # where a card's facts come from (hpquiz.sources)
    "source.label": {"en": "Source: {titles}", "tr": "Kaynak: {titles}"},
    # one line under the drill's chart (78 columns at 80), on every result
    "drill.what_a_seed_is": {
        "en": "A seed fixes a run's random draws (data, split, initial weights, batch order).",
        "tr": "Tohum rastgele seçimleri sabitler (veri, ayrım, ilk ağırlıklar, yığın sırası).",
    },
    # settings
    "settings.language": {"en": "Interface language", "tr": "Arayüz dili"},
}


def language_of(setting: str | None, deck_language: str | None = None) -> str:
    """The language to speak: the setting unless it says follow the deck; English if unknown."""
    chosen = deck_language if setting in (None, "", FOLLOW_DECK) else setting
    return chosen if chosen in LANGUAGES else ENGLISH


class _Counting(string.Formatter):
    """str.format in a language's ways: `{n:s}` is an English plural's "s" after a count
    ("{n} card{n:s}"), nothing when n is 1 (Turkish keeps the noun singular after a
    number, so its templates never ask for it); and a percentage (`{x:.0%}`) is written
    as the language writes it: 85% in English, %85 in Turkish, as the Turkish deck does."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec == "s" and isinstance(value, int):
            return "" if value == 1 else "s"
        text = super().format_field(value, format_spec)
        if format_spec.endswith("%") and self.language == "tr":
            return "%" + text[:-1]
        return text


def say(key: str, language: str | None = ENGLISH, /, **fields: object) -> str:
    """The text of `key` in `language` (English when that language lacks it), filled with `fields`."""
    texts = CATALOGUE[key]
    language = language if language in texts else ENGLISH
    text = texts[language]
    if not fields:
        return text
    return _Counting(language).format(text, **fields)


def rating_name(rating: object, language: str | None = ENGLISH) -> str:
    """A `Rating` (or its name) as the learner reads it: Good, İyi."""
    name = getattr(rating, "name", str(rating)).lower()
    return say(f"rating.{name}", language)
