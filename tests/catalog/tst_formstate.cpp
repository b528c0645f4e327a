#include "TestSupport.h"

#include "catalog/Catalog.h"
#include "catalog/FormState.h"

#include <QJsonArray>
#include <QTest>

using namespace ow;

class TestFormState : public QObject
{
    Q_OBJECT

    Catalog m_catalog;

    FormState dibao() const
    {
        return FormState(m_catalog.item(QStringLiteral("minimum-living-allowance")),
                         FieldCheckContext{&m_catalog.regions(), QDate(2026, 11, 25)});
    }

    static bool hasProblem(const QList<FormState::Problem> &problems, const QString &field, int row = -1)
    {
        for (const auto &p : problems) {
            if (p.field == field && p.row == row)
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const CatalogLoad load = CatalogLoader::loadDirectory(test::sourceDir() + QStringLiteral("/forms"));
        QVERIFY(load.problems.isEmpty());
        m_catalog = load.catalog;
    }

    void agentGroupFollowsTheAnswer()
    {
        FormState f = dibao();
        QVERIFY(!f.groupVisible(QStringLiteral("agent")));
        QVERIFY(!f.fieldVisible(QStringLiteral("agentName")));
        QVERIFY(f.fieldRequired(QStringLiteral("applicantSignature"))); // unanswered: applicant signs
        QVERIFY(!f.fieldVisible(QStringLiteral("agentSignature")));
        f.setValue(QStringLiteral("applyByAgent"), true);
        QVERIFY(f.groupVisible(QStringLiteral("agent")));
        QVERIFY(f.fieldRequired(QStringLiteral("agentName")));
        QVERIFY(!f.fieldRequired(QStringLiteral("applicantSignature")));
        QVERIFY(f.fieldRequired(QStringLiteral("agentSignature")));
        f.setValue(QStringLiteral("applyByAgent"), false);
        QVERIFY(!f.groupVisible(QStringLiteral("agent")));
    }

    void hiddenFieldsAreNeitherRequiredNorSubmitted()
    {
        FormState f = dibao();
        f.setValue(QStringLiteral("ownsVehicle"), false);
        f.setValue(QStringLiteral("vehicleDetails"), QStringLiteral("a tractor typed before"));
        QVERIFY(!f.fieldVisible(QStringLiteral("vehicleDetails")));
        QVERIFY(!hasProblem(f.problems(), QStringLiteral("vehicleDetails")));
        QVERIFY(!f.submission().contains(QStringLiteral("vehicleDetails")));
        f.setValue(QStringLiteral("ownsVehicle"), true);
        QVERIFY(f.submission().contains(QStringLiteral("vehicleDetails"))); // remembered, shown again
    }

    void householdRowsAreCheckedPerRow()
    {
        FormState f = dibao();
        QVERIFY(f.addRow(QStringLiteral("householdMembers")));
        QVERIFY(f.addRow(QStringLiteral("householdMembers")));
        f.setValue(QStringLiteral("memberHealth"), QStringLiteral("disabled"), 0);
        f.setValue(QStringLiteral("memberHealth"), QStringLiteral("healthy"), 1);
        QVERIFY(f.fieldRequired(QStringLiteral("memberDisabilityCertNumber"), 0));
        QVERIFY(!f.fieldVisible(QStringLiteral("memberDisabilityCertNumber"), 1));
        const auto problems = f.problems();
        QVERIFY(hasProblem(problems, QStringLiteral("memberDisabilityCertNumber"), 0));
        QVERIFY(!hasProblem(problems, QStringLiteral("memberDisabilityCertNumber"), 1));
        f.setValue(QStringLiteral("memberIdNumber"), QStringLiteral("110105194912310021"), 1);
        QVERIFY(f.fieldProblem(QStringLiteral("memberIdNumber"), 1).contains(QStringLiteral("check")));
        // The other members' ID cards are needed once there is at least one member.
        bool memberCards = false;
        for (const Material *m : f.requiredMaterials())
            memberCards = memberCards || m->id == QLatin1String("memberIdCards");
        QVERIFY(memberCards);
        QVERIFY(f.removeRow(QStringLiteral("householdMembers"), 0));
        QVERIFY(f.removeRow(QStringLiteral("householdMembers"), 0));
        for (const Material *m : f.requiredMaterials())
            QVERIFY(m->id != QLatin1String("memberIdCards"));
        for (int i = 0; i < 15; ++i)
            QVERIFY(f.addRow(QStringLiteral("householdMembers")));
        QVERIFY(!f.addRow(QStringLiteral("householdMembers"))); // max 15
    }

    void conditionalMaterials()
    {
        FormState f = dibao();
        auto ids = [&] {
            QStringList out;
            for (const Material *m : f.requiredMaterials())
                out.append(m->id);
            return out;
        };
        QVERIFY(!ids().contains(QStringLiteral("marriageCertificate")));
        f.setValue(QStringLiteral("maritalStatus"), QStringLiteral("married"));
        QVERIFY(ids().contains(QStringLiteral("marriageCertificate")));
        QVERIFY(!ids().contains(QStringLiteral("disabilityCertificate")));
        f.setValue(QStringLiteral("hardshipReasons"), QJsonArray{QStringLiteral("disability")});
        QVERIFY(ids().contains(QStringLiteral("disabilityCertificate")));
        QVERIFY(ids().contains(QStringLiteral("applicantIdCard")));
    }

    void completeFormHasNoProblems()
    {
        FormState f = dibao();
        const QJsonObject values{
            {QStringLiteral("applicantName"), QStringLiteral("王秀兰")},
            {QStringLiteral("applicantIdNumber"), test::idWithCheckDigit(QStringLiteral("34112519480302004"))},
            {QStringLiteral("applicantMobile"), QStringLiteral("13905501234")},
            {QStringLiteral("applicantRegion"), QStringLiteral("341125")},
            {QStringLiteral("applicantAddress"), QStringLiteral("定远县炉桥镇高塘村12号")},
            {QStringLiteral("maritalStatus"), QStringLiteral("widowed")},
            {QStringLiteral("applyByAgent"), false},
            {QStringLiteral("residenceArea"), QStringLiteral("rural")},
            {QStringLiteral("hardshipReasons"), QJsonArray{QStringLiteral("illness")}},
            {QStringLiteral("applicantHealth"), QStringLiteral("chronic")},
            {QStringLiteral("applicantMonthlyIncome"), 300},
            {QStringLiteral("monthlyHouseholdIncome"), 300},
            {QStringLiteral("ownsOtherHousing"), false},
            {QStringLiteral("ownsVehicle"), false},
            {QStringLiteral("hasRegisteredBusiness"), false},
            {QStringLiteral("economicCheckAuthorisation"), QJsonArray{QStringLiteral("att:1")}},
            {QStringLiteral("accountHolderName"), QStringLiteral("王秀兰")},
            {QStringLiteral("bankName"), QStringLiteral("定远县农村商业银行")},
            {QStringLiteral("bankCard"), QStringLiteral("6230 5100 1234 5678 903")},
            {QStringLiteral("applicantSignature"), QStringLiteral("sig:1")},
        };
        f.setValues(values);
        const auto problems = f.problems();
        for (const auto &p : problems)
            qWarning() << p.group << p.row << p.field << p.message;
        QVERIFY(problems.isEmpty());
        const QJsonObject out = f.submission();
        QCOMPARE(out.value(QStringLiteral("bankCard")).toString(), QStringLiteral("6230510012345678903"));
        QVERIFY(!out.contains(QStringLiteral("agentName")));
        QCOMPARE(out.value(QStringLiteral("householdMembers")).toArray().size(), 0);
        // Unanswered required fields are all named.
        FormState empty = dibao();
        QVERIFY(hasProblem(empty.problems(), QStringLiteral("applicantName")));
        QVERIFY(hasProblem(empty.problems(), QStringLiteral("applicantSignature")));
        QVERIFY(!hasProblem(empty.problems(), QStringLiteral("agentName")));
    }

    // The region an ID number was issued in fills the household-registration region, but only
    // when the region table offers it: a retired or unknown county leaves the question open.
    void prefillRegionOnlyWhenOffered()
    {
        auto item = m_catalog.item(QStringLiteral("elderly-allowance"));
        QVERIFY(item);
        FormState known(item, FieldCheckContext{&m_catalog.regions(), QDate(2026, 11, 25)});
        known.prefill(QJsonObject{{QStringLiteral("region"), QStringLiteral("341125")}}, {});
        QCOMPARE(known.value(QStringLiteral("applicantRegion")).toString(), QStringLiteral("341125"));
        FormState unknown(item, FieldCheckContext{&m_catalog.regions(), QDate(2026, 11, 25)});
        unknown.prefill(QJsonObject{{QStringLiteral("region"), QStringLiteral("999999")}}, {});
        QVERIFY(unknown.value(QStringLiteral("applicantRegion")).toString().isEmpty());
    }

    void prefillFromIdentityAndELicences()
    {
        auto item = m_catalog.item(QStringLiteral("birth-registration"));
        QVERIFY(item);
        // Find a field prefilled from the birth medical certificate e-licence.
        QString licenceField;
        for (const FieldGroup &g : item->groups) {
            for (const Field &f : g.fields) {
                if (f.prefill == QLatin1String("eLicence:birth-medical-certificate.number") && !g.repeat)
                    licenceField = f.id;
            }
        }
        QVERIFY(!licenceField.isEmpty());
        FormState f(item, FieldCheckContext{&m_catalog.regions(), QDate(2026, 11, 25)});
        f.setValue(QStringLiteral("applicantMobile"), QStringLiteral("13900000000"));
        f.setValue(QStringLiteral("pregnancyStatus"), QStringLiteral("born")); // the birth certificate is needed
        const QJsonObject identity{{QStringLiteral("name"), QStringLiteral("李娜")},
                                   {QStringLiteral("idNumber"), QStringLiteral("11010519491231002x")},
                                   {QStringLiteral("phone"), QStringLiteral("13811112222")}};
        const QList<ELicence> held{
            {QStringLiteral("birth-medical-certificate"),
             QJsonObject{{QStringLiteral("number"), QStringLiteral("Q340123456")}}},
            {QStringLiteral("household-register"), QJsonObject{{QStringLiteral("number"), QStringLiteral("H0012")}}}};
        f.prefill(identity, held);
        QCOMPARE(f.value(QStringLiteral("applicantName")).toString(), QStringLiteral("李娜"));
        QCOMPARE(f.value(QStringLiteral("applicantIdNumber")).toString(), QStringLiteral("11010519491231002X"));
        QCOMPARE(f.value(QStringLiteral("applicantMobile")).toString(), QStringLiteral("13900000000")); // kept
        QCOMPARE(f.value(licenceField).toString(), QStringLiteral("Q340123456"));

        // Materials an e-licence replaces are marked as reused; the others still need paper.
        bool anyReused = false, anyPaper = false;
        for (const MaterialNeed &n : f.materialNeeds(held)) {
            if (n.material->eLicenceType == QLatin1String("birth-medical-certificate") ||
                n.material->eLicenceType == QLatin1String("household-register"))
                QVERIFY(n.reusedELicence);
            else
                QVERIFY(!n.reusedELicence);
            anyReused = anyReused || n.reusedELicence;
            anyPaper = anyPaper || !n.reusedELicence;
        }
        QVERIFY(anyReused);
        QVERIFY(anyPaper);
        QVERIFY(!f.materialNeeds({}).isEmpty());
        for (const MaterialNeed &n : f.materialNeeds({}))
            QVERIFY(!n.reusedELicence);
    }

    void ageConditionsUseTheInjectedDay()
    {
        // 高龄津贴: the centenarian material depends on age(applicantIdNumber) >= 100.
        auto item = m_catalog.item(QStringLiteral("elderly-allowance"));
        QVERIFY(item);
        const Material *centenarian = nullptr;
        for (const Material &m : item->materials) {
            if (m.conditionText.contains(QStringLiteral(">= 100")))
                centenarian = &m;
        }
        QVERIFY(centenarian);
        auto needed = [&](const QDate &day) {
            FormState f(item, FieldCheckContext{&m_catalog.regions(), day});
            f.setValue(QStringLiteral("applicantIdNumber"),
                       test::idWithCheckDigit(QStringLiteral("34112519261126002")));
            return f.requiredMaterials().contains(centenarian);
        };
        QVERIFY(!needed(QDate(2026, 11, 25))); // 99 years old
        QVERIFY(needed(QDate(2026, 11, 26)));  // 100 today
    }
};

QTEST_GUILESS_MAIN(TestFormState)
#include "tst_formstate.moc"
