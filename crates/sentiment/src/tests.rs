//! One test per rule, on sentences written for the test (not taken from the development set).

use super::*;

fn label(t: &str) -> Label {
    analyze(t).label
}

fn points(t: &str) -> f32 {
    analyze(t).points
}

#[test]
fn plain_opinions() {
    assert_eq!(label("el servicio es excelente"), Label::Pos);
    assert_eq!(label("el servicio es horrible"), Label::Neg);
    assert_eq!(label("el servicio es el del plan básico"), Label::Neu);
}

#[test]
fn negation_flips_within_its_scope() {
    assert_eq!(label("la asesora fue amable"), Label::Pos);
    assert_eq!(label("la asesora no fue amable"), Label::Neg);
    // "no es malo" is mild praise at most, never a complaint.
    assert!(points("no es malo") > 0.0);
    // The scope ends at the clause: the second clause keeps its sign.
    assert_eq!(label("no llamé antes, excelente atención"), Label::Pos);
    // "sin" negates too, and a negated expectation is a complaint.
    assert_eq!(label("la instalación salió sin problemas"), Label::Pos);
    assert_eq!(label("el monto no corresponde"), Label::Neg);
    let a = analyze("no fue amable");
    assert!(a.evidence.iter().any(|e| e.rules.contains(&"negated")));
}

#[test]
fn intensifiers_diminishers_and_poco() {
    assert!(points("muy lento") < points("lento"));
    assert!(points("algo lento") > points("lento"));
    assert_eq!(label("el asesor fue poco amable"), Label::Neg);
    assert!(points("recontra bueno") > points("bueno"));
}

#[test]
fn superlatives_and_diminutives_keep_their_base_word() {
    assert!(points("rapidísimo") > points("rápido"));
    assert_eq!(label("malísimo"), Label::Neg);
    assert_eq!(label("amabilísima la señorita"), Label::Pos);
    assert_eq!(label("fue rapidito"), Label::Pos);
}

#[test]
fn contrast_weighs_the_clause_after_pero() {
    assert_eq!(
        label("el técnico fue amable pero el router sigue fallando"),
        Label::Neg
    );
    assert_eq!(
        label("el local es feo pero me atendieron excelente"),
        Label::Pos
    );
    assert!(analyze("bonito pero caro y lento")
        .notes
        .contains(&"contrast"));
    // "aunque" opens the weaker clause.
    assert_eq!(
        label("aunque había cola, me atendieron rapidísimo"),
        Label::Pos
    );
}

#[test]
fn peruvian_slang() {
    assert_eq!(label("chévere la atención"), Label::Pos);
    assert_eq!(label("bacán, me lo cambiaron al toque"), Label::Pos);
    assert_eq!(label("qué roche, nadie me avisó del corte"), Label::Neg);
    assert_eq!(label("me pelotean de un área a otra"), Label::Neg);
    assert_eq!(label("cobro indebido en mi recibo"), Label::Neg);
    assert_eq!(label("no me devuelven la plata"), Label::Neg);
}

#[test]
fn chat_spelling_capitals_and_stretched_letters() {
    assert_eq!(label("xq me cobran d mas"), Label::Neg);
    assert!(points("PÉSIMO") < points("pésimo"));
    assert!(points("buenooo") > points("bueno"));
    assert_eq!(label("graciasss, súper amable"), Label::Pos);
}

#[test]
fn emojis_and_emoticons() {
    assert_eq!(label("😡😡"), Label::Neg);
    assert_eq!(label("listo 👍"), Label::Pos);
    assert_eq!(label("ya llegó el equipo :)"), Label::Pos);
    assert_eq!(label("otra vez sin internet :("), Label::Neg);
    assert!(analyze("😍").evidence.iter().any(|e| e.source == "emoji"));
}

#[test]
fn sarcasm_turns_praise_into_mockery() {
    assert_eq!(label("genial, otra vez sin señal 🙄"), Label::Neg);
    assert_eq!(label("gracias por nada"), Label::Neg);
    assert_eq!(label("bravo, segunda caída del día 👏"), Label::Neg);
    assert!(analyze("qué eficientes, tres semanas esperando")
        .notes
        .contains(&"sarcasm"));
    // Without complaints the same cue is plain praise.
    assert_eq!(label("bravo, todo quedó perfecto 👏"), Label::Pos);
}

#[test]
fn waiting_times_and_repetitions_are_complaints() {
    assert_eq!(label("llevo cuatro días esperando al técnico"), Label::Neg);
    assert_eq!(label("me atendieron en 5 minutos, excelente"), Label::Pos);
    assert!(points("ya llamé 4 veces") < 0.0);
}

#[test]
fn questions_requests_and_procedures_are_neutral() {
    assert_eq!(label("¿a qué hora abre la tienda de Surco?"), Label::Neu);
    assert_eq!(
        label("quisiera saber el saldo de mi línea, por favor"),
        Label::Neu
    );
    assert_eq!(label("adjunto el voucher del pago"), Label::Neu);
    assert_eq!(label("ok"), Label::Neu);
    // A rhetorical question is a complaint.
    assert_eq!(
        label("¿por qué me siguen cobrando si ya me di de baja?"),
        Label::Neg
    );
    assert!(analyze("¿cuál es el horario?").notes.contains(&"question"));
}

#[test]
fn explanations_point_into_the_text() {
    let text = "La señorita fue muy amable, pero el internet no funciona.";
    let a = analyze(text);
    assert_eq!(a.label, Label::Neg);
    let top = &a.evidence[0];
    assert_eq!(&text[top.start..top.end], "no funciona");
    assert_eq!(top.text, "no funciona");
    assert!(top.rules.contains(&"after contrast"));
    assert!(a.score < 0.0 && a.score >= -1.0);
}

#[test]
fn aspects_take_the_sentiment_of_their_clause() {
    let a = analyze("la señorita fue muy amable, pero el recibo vino con un cobro indebido");
    let of = |asp: Aspect| a.aspects.iter().find(|m| m.aspect == asp).map(|m| m.score);
    assert!(of(Aspect::Atencion).is_some_and(|s| s > 0.0));
    assert!(of(Aspect::Cobro).is_some_and(|s| s < 0.0));
    assert!(of(Aspect::Senal).is_none());
}

#[test]
fn empty_and_odd_inputs_do_not_panic() {
    for t in [
        "",
        " ",
        "???",
        "¿",
        "\n\n",
        "🙂🙂🙂🙂",
        "x",
        "1 2 3 días",
        "\"\"",
        "'",
        "ñ",
    ] {
        let a = analyze(t);
        assert!(a.score.is_finite());
    }
    assert_eq!(label(""), Label::Neu);
}
