//! The blocking checks ANPR applies before issuing, in the order an officer would fix them.

use super::{
    Certifiability, CertificateBlock, CertificateKind, CertificateRequest, ExemptionCode,
    IssuableCertificate, IssuingRules, Relation, Sex, StampDuty, StampPayment, UsePurpose,
};
use crate::certificate::italian_date;

/// Checks a request against ANPR's blocking cases and resolves its stamp duty and fees.
pub fn check_issuable(
    request: &CertificateRequest,
    rules: &IssuingRules,
) -> Result<IssuableCertificate, CertificateBlock> {
    check_person(request)?;
    let parts = parts(request)?;
    check_contents(request, &parts)?;
    let stamp_duty = stamp_duty(request, &parts, rules)?;
    let waived = request
        .declared_use
        .exemption
        .is_some_and(ExemptionCode::waives_secretarial_fees);
    let fees_cents = if waived {
        0
    } else if stamp_duty.is_exempt() {
        rules.fees.without_stamp_cents
    } else {
        rules.fees.with_stamp_cents
    };
    if !stamp_duty.is_exempt() && fees_cents == 0 {
        return Err(CertificateBlock::FeesZero);
    }
    // Data minimisation: the family is part of the certificate only when a part asked prints it.
    let family = if parts.iter().any(|k| k.lists_family()) {
        request.family.clone()
    } else {
        Vec::new()
    };
    Ok(IssuableCertificate {
        kind: request.kind,
        parts,
        person: request.person.clone(),
        family,
        declared_use: request.declared_use.clone(),
        stamp_duty,
        fees_cents,
    })
}

fn check_person(request: &CertificateRequest) -> Result<(), CertificateBlock> {
    let person = &request.person;
    let o = if person.sex == Sex::Female { "a" } else { "o" };
    let why = match &person.certifiability {
        Certifiability::Certifiable => None,
        Certifiability::Deceased { date } => {
            Some(format!("risulta decedut{o} il {}", italian_date(*date)))
        }
        Certifiability::Emigrated { date } => {
            Some(format!("risulta emigrat{o} il {}", italian_date(*date)))
        }
        Certifiability::NotRegistered => {
            Some(format!("non risulta iscritt{o} nell'anagrafe del Comune"))
        }
    };
    if let Some(why) = why {
        return Err(CertificateBlock::NotCertifiable(person.full_name(), why));
    }
    match &person.open_procedure {
        Some(what) => Err(CertificateBlock::OpenProcedure(
            person.full_name(),
            what.clone(),
        )),
        None => Ok(()),
    }
}

fn parts(request: &CertificateRequest) -> Result<Vec<CertificateKind>, CertificateBlock> {
    if request.kind != CertificateKind::Contestuale {
        return Ok(vec![request.kind]);
    }
    let mut parts: Vec<CertificateKind> = Vec::new();
    for part in &request.parts {
        if *part != CertificateKind::Contestuale && !parts.contains(part) {
            parts.push(*part);
        }
    }
    if parts.len() < 2 {
        return Err(CertificateBlock::ContestualeParts);
    }
    Ok(parts)
}

fn check_contents(
    request: &CertificateRequest,
    parts: &[CertificateKind],
) -> Result<(), CertificateBlock> {
    let person = &request.person;
    if parts.contains(&CertificateKind::StatoLibero) && !person.civil_status.is_free() {
        let status = person.civil_status.label(person.sex).to_string();
        return Err(CertificateBlock::NotFree(person.full_name(), status));
    }
    let heads = request
        .family
        .iter()
        .filter(|m| m.relation == Relation::HeadOfFamily)
        .count();
    if parts.iter().any(|k| k.lists_family()) && heads != 1 {
        return Err(CertificateBlock::FamilyHead);
    }
    Ok(())
}

fn stamp_duty(
    request: &CertificateRequest,
    parts: &[CertificateKind],
    rules: &IssuingRules,
) -> Result<StampDuty, CertificateBlock> {
    let usage = &request.declared_use;
    let text = usage.exemption_text.as_ref().map(|t| t.trim().to_string());
    let text = text.filter(|t| !t.is_empty());
    if usage.exemption == Some(ExemptionCode::Other) && text.is_none() {
        return Err(CertificateBlock::ExemptionTextMissing);
    }
    if text
        .as_ref()
        .is_some_and(|t| t.chars().count() > super::MAX_EXEMPTION_TEXT)
    {
        return Err(CertificateBlock::ExemptionTextTooLong);
    }
    if let Some(legal_basis) = rules.kind_exemption(parts) {
        if request.payment.is_some() {
            return Err(CertificateBlock::ExemptKindPaid);
        }
        return Ok(StampDuty::Exempt {
            code: None,
            legal_basis,
            text: None,
        });
    }
    if usage.exemption.is_none() {
        match usage.purpose {
            UsePurpose::Immigration => {
                return Err(CertificateBlock::SpecialUseNotExempt("immigrazione"))
            }
            UsePurpose::Judicial => {
                return Err(CertificateBlock::SpecialUseNotExempt("giudiziario"))
            }
            UsePurpose::Generic => {}
        }
    }
    if let Some(code) = usage.exemption {
        return Ok(StampDuty::Exempt {
            code: Some(code),
            legal_basis: code.legal_basis().to_string(),
            text,
        });
    }
    if rules.stamp_duty_cents == 0 {
        return Err(CertificateBlock::StampDutyZero);
    }
    let payment = request
        .payment
        .clone()
        .ok_or(CertificateBlock::StampNotPaid)?;
    if let StampPayment::Marca { id, .. } = &payment {
        if id.len() != 14 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CertificateBlock::MarcaId);
        }
    }
    Ok(StampDuty::Paid {
        payment,
        amount_cents: rules.stamp_duty_cents,
    })
}
