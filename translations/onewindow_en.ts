<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AcceptPage</name>
    <message>
        <source>Not checked yet</source>
        <translation>Not checked yet</translation>
    </message>
    <message>
        <source>Paper original seen</source>
        <translation>Paper original seen</translation>
    </message>
    <message>
        <source>E-licence reused (免证办)</source>
        <translation>E-licence reused (免证办)</translation>
    </message>
    <message>
        <source>Scan attached</source>
        <translation>Scan attached</translation>
    </message>
    <message>
        <source>Missing, accepted (容缺)</source>
        <translation>Missing, accepted (容缺)</translation>
    </message>
    <message>
        <source>Pledge instead (告知承诺)</source>
        <translation>Pledge instead (告知承诺)</translation>
    </message>
    <message>
        <source>Accept an application</source>
        <translation>Accept an application</translation>
    </message>
    <message>
        <source>Next citizen</source>
        <translation>Next citizen</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Resident ID number</source>
        <translation>Resident ID number</translation>
    </message>
    <message>
        <source>Name as on the ID card</source>
        <translation>Name as on the ID card</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Identify</source>
        <translation>Identify</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>Service item</translation>
    </message>
    <message>
        <source>Find a service item</source>
        <translation>Find a service item</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <source>E-licence number</source>
        <translation>E-licence number</translation>
    </message>
    <message>
        <source>Scan file</source>
        <translation>Scan file</translation>
    </message>
    <message>
        <source>Path of the scan (PNG, JPEG or PDF)</source>
        <translation>Path of the scan (PNG, JPEG or PDF)</translation>
    </message>
    <message>
        <source>Brought by</source>
        <translation>Brought by</translation>
    </message>
    <message>
        <source>The applicant signed the pledge</source>
        <translation>The applicant signed the pledge</translation>
    </message>
    <message>
        <source>Choose a service item: its materials are listed here.</source>
        <translation>Choose a service item: its materials are listed here.</translation>
    </message>
    <message>
        <source>Accept (受理)</source>
        <translation>Accept (受理)</translation>
    </message>
    <message>
        <source>Reason for not accepting</source>
        <translation>Reason for not accepting</translation>
    </message>
    <message>
        <source>Reason for not accepting (written on the refusal notice)</source>
        <translation>Reason for not accepting (written on the refusal notice)</translation>
    </message>
    <message>
        <source>Do not accept (不予受理)</source>
        <translation>Do not accept (不予受理)</translation>
    </message>
    <message>
        <source>Identify the applicant and choose the service item.</source>
        <translation>Identify the applicant and choose the service item.</translation>
    </message>
    <message>
        <source>Continued from kiosk application %1</source>
        <translation>Continued from kiosk application %1</translation>
    </message>
    <message>
        <source>Pickup code from a kiosk</source>
        <translation>Pickup code from a kiosk</translation>
    </message>
    <message>
        <source>ABCD-EFGH, or scan the slip</source>
        <translation>ABCD-EFGH, or scan the slip</translation>
    </message>
    <message>
        <source>Fetching…</source>
        <translation>Fetching…</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>Take over</translation>
    </message>
    <message>
        <source>Print again (重新打印)</source>
        <translation>Print again (重新打印)</translation>
    </message>
    <message>
        <source>Reading the ID card…</source>
        <translation>Reading the ID card…</translation>
    </message>
    <message>
        <source>Place the applicant&apos;s ID card on the reader, or type the number and the name below.</source>
        <translation>Place the applicant&apos;s ID card on the reader, or type the number and the name below.</translation>
    </message>
    <message>
        <source>Tap a demo card (demonstration)</source>
        <translation>Tap a demo card (demonstration)</translation>
    </message>
    <message>
        <source>Read from the ID card</source>
        <translation>Read from the ID card</translation>
    </message>
    <message>
        <source>Ask for a rating</source>
        <translation>Ask for a rating</translation>
    </message>
</context>
<context>
    <name>AdminPin</name>
    <message>
        <source>The admin PIN must be %1 to %2 digits.</source>
        <translation>The admin PIN must be %1 to %2 digits.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Maintenance is locked until %1.</source>
        <translation>Too many wrong PINs. Maintenance is locked until %1.</translation>
    </message>
    <message>
        <source>The admin PIN could not be saved.</source>
        <translation>The admin PIN could not be saved.</translation>
    </message>
    <message>
        <source>The PIN could not be checked on this kiosk. Please try again.</source>
        <translation>The PIN could not be checked on this kiosk. Please try again.</translation>
    </message>
    <message>
        <source>No admin PIN is set on this kiosk. Set one with &quot;onewindow-kiosk --set-admin-pin&quot;.</source>
        <translation>No admin PIN is set on this kiosk. Set one with &quot;onewindow-kiosk --set-admin-pin&quot;.</translation>
    </message>
    <message>
        <source>Wrong PIN. Too many wrong PINs: maintenance is locked until %1.</source>
        <translation>Wrong PIN. Too many wrong PINs: maintenance is locked until %1.</translation>
    </message>
    <message numerus="yes">
        <source>Wrong PIN. %n more wrong PIN(s) will lock maintenance.</source>
        <translation>
            <numerusform>Wrong PIN. %n more wrong PIN(s) will lock maintenance.</numerusform>
            <numerusform>Wrong PIN. %n more wrong PIN(s) will lock maintenance.</numerusform>
        </translation>
    </message>
    <message>
        <source>The admin PIN is saved.</source>
        <translation>The admin PIN is saved.</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit trail</source>
        <translation>Audit trail</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies) shown</source>
        <translation>
            <numerusform>%n entry(ies) shown</numerusform>
            <numerusform>%n entry(ies) shown</numerusform>
        </translation>
    </message>
    <message>
        <source>Audit trail of</source>
        <translation>Audit trail of</translation>
    </message>
    <message>
        <source>This desk</source>
        <translation>This desk</translation>
    </message>
    <message>
        <source>County hub</source>
        <translation>County hub</translation>
    </message>
    <message>
        <source>Not signed in with the county hub · this desk&apos;s trail only</source>
        <translation>Not signed in with the county hub · this desk&apos;s trail only</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Operator account</source>
        <translation>Operator account</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Action, e.g. case_open</source>
        <translation>Action, e.g. case_open</translation>
    </message>
    <message>
        <source>From (date)</source>
        <translation>From (date)</translation>
    </message>
    <message>
        <source>From yyyy-mm-dd</source>
        <translation>From yyyy-mm-dd</translation>
    </message>
    <message>
        <source>To (date)</source>
        <translation>To (date)</translation>
    </message>
    <message>
        <source>To yyyy-mm-dd</source>
        <translation>To yyyy-mm-dd</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Verify chain</translation>
    </message>
    <message>
        <source>Export signed extract</source>
        <translation>Export signed extract</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Entry</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>not sealed</source>
        <translation>not sealed</translation>
    </message>
    <message>
        <source>%1 · first broken entry</source>
        <translation>%1 · first broken entry</translation>
    </message>
    <message>
        <source>Asking the county hub…</source>
        <translation>Asking the county hub…</translation>
    </message>
    <message>
        <source>No entries to show. Type what you look for, or nothing for the newest, and press Search.</source>
        <translation>No entries to show. Type what you look for, or nothing for the newest, and press Search.</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Close the message</source>
        <translation>Close the message</translation>
    </message>
</context>
<context>
    <name>CameraCapture</name>
    <message>
        <source>Picture of: %1</source>
        <translation>Picture of: %1</translation>
    </message>
    <message>
        <source>Lay the paper flat under the camera, then tap the button.</source>
        <translation>Lay the paper flat under the camera, then tap the button.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Take the picture</source>
        <translation>Take the picture</translation>
    </message>
</context>
<context>
    <name>CasePanel</name>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Case %1 · received %2 · %3</source>
        <translation>Case %1 · received %2 · %3</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>Promised</translation>
    </message>
    <message>
        <source>Statutory</source>
        <translation>Statutory</translation>
    </message>
    <message>
        <source>Application form</source>
        <translation>Application form</translation>
    </message>
    <message>
        <source>Materials and attachments</source>
        <translation>Materials and attachments</translation>
    </message>
    <message>
        <source>None came with the application.</source>
        <translation>None came with the application.</translation>
    </message>
    <message>
        <source>This case does not wait for a decision now.</source>
        <translation>This case does not wait for a decision now.</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Deny</translation>
    </message>
    <message>
        <source>Request correction</source>
        <translation>Request correction</translation>
    </message>
    <message>
        <source>Opinion (optional)</source>
        <translation>Opinion (optional)</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <source>Approve the application</source>
        <translation>Approve the application</translation>
    </message>
    <message>
        <source>Reason for the denial (required; the citizen reads it)</source>
        <translation>Reason for the denial (required; the citizen reads it)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Deny the application</source>
        <translation>Deny the application</translation>
    </message>
    <message>
        <source>Everything that is missing, in one request (补齐补正): the clocks stop until the citizen brings it.</source>
        <translation>Everything that is missing, in one request (补齐补正): the clocks stop until the citizen brings it.</translation>
    </message>
    <message>
        <source>Anything else that is missing</source>
        <translation>Anything else that is missing</translation>
    </message>
    <message>
        <source>Anything else that is missing, one per line</source>
        <translation>Anything else that is missing, one per line</translation>
    </message>
    <message>
        <source>Request the correction</source>
        <translation>Request the correction</translation>
    </message>
    <message>
        <source>Special procedure</source>
        <translation>Special procedure</translation>
    </message>
    <message>
        <source>A hearing, tender, inspection, appraisal or expert review (特别程序): the clocks stand still until you end it.</source>
        <translation>A hearing, tender, inspection, appraisal or expert review (特别程序): the clocks stand still until you end it.</translation>
    </message>
    <message>
        <source>Kind of special procedure</source>
        <translation>Kind of special procedure</translation>
    </message>
    <message>
        <source>Expected end</source>
        <translation>Expected end</translation>
    </message>
    <message>
        <source>yyyy-mm-dd</source>
        <translation>yyyy-mm-dd</translation>
    </message>
    <message>
        <source>+%1 days</source>
        <translation>+%1 days</translation>
    </message>
    <message>
        <source>Why the case needs it (required, at most %1 characters)</source>
        <translation>Why the case needs it (required, at most %1 characters)</translation>
    </message>
    <message>
        <source>Start the special procedure</source>
        <translation>Start the special procedure</translation>
    </message>
    <message>
        <source>Special procedure: %1 · started %2 · expected to end %3</source>
        <translation>Special procedure: %1 · started %2 · expected to end %3</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>A short note on the outcome (required)</source>
        <translation>A short note on the outcome (required)</translation>
    </message>
    <message>
        <source>End the special procedure</source>
        <translation>End the special procedure</translation>
    </message>
</context>
<context>
    <name>CaseText</name>
    <message>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <source>Correction requested</source>
        <translation>Correction requested</translation>
    </message>
    <message>
        <source>Accepted with materials pending</source>
        <translation>Accepted with materials pending</translation>
    </message>
    <message>
        <source>Accepted on pledge</source>
        <translation>Accepted on pledge</translation>
    </message>
    <message>
        <source>Under review</source>
        <translation>Under review</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Denied</translation>
    </message>
    <message>
        <source>Concluded</source>
        <translation>Concluded</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>A case that is “%1” cannot become “%2”.</source>
        <translation>A case that is “%1” cannot become “%2”.</translation>
    </message>
    <message>
        <source>Hearing</source>
        <translation>Hearing</translation>
    </message>
    <message>
        <source>Tender</source>
        <translation>Tender</translation>
    </message>
    <message>
        <source>Auction</source>
        <translation>Auction</translation>
    </message>
    <message>
        <source>Inspection, testing or quarantine</source>
        <translation>Inspection, testing or quarantine</translation>
    </message>
    <message>
        <source>Appraisal</source>
        <translation>Appraisal</translation>
    </message>
    <message>
        <source>Expert review</source>
        <translation>Expert review</translation>
    </message>
    <message>
        <source>Type the expected end as a date, for example %1.</source>
        <translation>Type the expected end as a date, for example %1.</translation>
    </message>
    <message>
        <source>The expected end must be after today.</source>
        <translation>The expected end must be after today.</translation>
    </message>
    <message>
        <source>The expected end may be at most %1 days ahead (until %2).</source>
        <translation>The expected end may be at most %1 days ahead (until %2).</translation>
    </message>
</context>
<context>
    <name>CatalogText</name>
    <message>
        <source>unknown property “%1”</source>
        <translation>unknown property “%1”</translation>
    </message>
    <message>
        <source>required property is missing</source>
        <translation>required property is missing</translation>
    </message>
    <message>
        <source>must be a non-empty string</source>
        <translation>must be a non-empty string</translation>
    </message>
    <message>
        <source>“%1” is not %2</source>
        <translation>“%1” is not %2</translation>
    </message>
    <message>
        <source>“%1” is not one of %2</source>
        <translation>“%1” is not one of %2</translation>
    </message>
    <message>
        <source>must be a whole number from %1 to %2</source>
        <translation>must be a whole number from %1 to %2</translation>
    </message>
    <message>
        <source>must be a number</source>
        <translation>must be a number</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>must be true or false</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>must be an object</translation>
    </message>
    <message>
        <source>must be an array</source>
        <translation>must be an array</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>must not be empty</translation>
    </message>
    <message>
        <source>must be a text object {&quot;zh&quot;: …, &quot;en&quot;: …}</source>
        <translation>must be a text object {&quot;zh&quot;: …, &quot;en&quot;: …}</translation>
    </message>
    <message>
        <source>“%1” is listed twice</source>
        <translation>“%1” is listed twice</translation>
    </message>
    <message>
        <source>%1 fills a text field</source>
        <translation>%1 fills a text field</translation>
    </message>
    <message>
        <source>%1 fills an ID number field</source>
        <translation>%1 fills an ID number field</translation>
    </message>
    <message>
        <source>%1 fills a date field</source>
        <translation>%1 fills a date field</translation>
    </message>
    <message>
        <source>%1 fills an address or text field</source>
        <translation>%1 fills an address or text field</translation>
    </message>
    <message>
        <source>%1 fills a mobile field</source>
        <translation>%1 fills a mobile field</translation>
    </message>
    <message>
        <source>%1 fills a choice with exactly the options male and female</source>
        <translation>%1 fills a choice with exactly the options male and female</translation>
    </message>
    <message>
        <source>“%1” is not an e-licence type</source>
        <translation>“%1” is not an e-licence type</translation>
    </message>
    <message>
        <source>the e-licence %1 has no field “%2”</source>
        <translation>the e-licence %1 has no field “%2”</translation>
    </message>
    <message>
        <source>%1 fills a number field</source>
        <translation>%1 fills a number field</translation>
    </message>
    <message>
        <source>%1 fills a text, ID number, USCC, address or bank card field</source>
        <translation>%1 fills a text, ID number, USCC, address or bank card field</translation>
    </message>
    <message>
        <source>“%1” is not a known prefill source</source>
        <translation>“%1” is not a known prefill source</translation>
    </message>
    <message>
        <source>“%1” is not a valid unified social credit code</source>
        <translation>“%1” is not a valid unified social credit code</translation>
    </message>
    <message>
        <source>a lowerCamelCase id</source>
        <translation>a lowerCamelCase id</translation>
    </message>
    <message>
        <source>“%1” is not a field type</source>
        <translation>“%1” is not a field type</translation>
    </message>
    <message>
        <source>only allowed with &quot;required&quot;: false</source>
        <translation>only allowed with &quot;required&quot;: false</translation>
    </message>
    <message>
        <source>minLength is greater than maxLength</source>
        <translation>minLength is greater than maxLength</translation>
    </message>
    <message>
        <source>the pattern does not compile</source>
        <translation>the pattern does not compile</translation>
    </message>
    <message>
        <source>min is greater than max</source>
        <translation>min is greater than max</translation>
    </message>
    <message>
        <source>“%1” is not a real date (YYYY-MM-DD)</source>
        <translation>“%1” is not a real date (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>min is after max</source>
        <translation>min is after max</translation>
    </message>
    <message>
        <source>a choice needs at least two options</source>
        <translation>a choice needs at least two options</translation>
    </message>
    <message>
        <source>a lowerCamelCase value</source>
        <translation>a lowerCamelCase value</translation>
    </message>
    <message>
        <source>the option “%1” is listed twice</source>
        <translation>the option “%1” is listed twice</translation>
    </message>
    <message>
        <source>minCount is greater than maxCount</source>
        <translation>minCount is greater than maxCount</translation>
    </message>
    <message>
        <source>visibility depends on itself: %1</source>
        <translation>visibility depends on itself: %1</translation>
    </message>
    <message>
        <source>the first group must be “applicant”</source>
        <translation>the first group must be “applicant”</translation>
    </message>
    <message>
        <source>the applicant group needs a %1 field “%2”</source>
        <translation>the applicant group needs a %1 field “%2”</translation>
    </message>
    <message>
        <source>the applicant group needs applicantRegion or applicantAddress</source>
        <translation>the applicant group needs applicantRegion or applicantAddress</translation>
    </message>
    <message>
        <source>an “agent” group shown when applyByAgent == true is required</source>
        <translation>an “agent” group shown when applyByAgent == true is required</translation>
    </message>
    <message>
        <source>the last group must be “declaration” with applicantSignature</source>
        <translation>the last group must be “declaration” with applicantSignature</translation>
    </message>
    <message>
        <source>a payment item needs a bankCard field for the subsidy account</source>
        <translation>a payment item needs a bankCard field for the subsidy account</translation>
    </message>
    <message>
        <source>not valid JSON: %1 at byte %2</source>
        <translation>not valid JSON: %1 at byte %2</translation>
    </message>
    <message>
        <source>an item file holds one JSON object</source>
        <translation>an item file holds one JSON object</translation>
    </message>
    <message>
        <source>a kebab-case id</source>
        <translation>a kebab-case id</translation>
    </message>
    <message>
        <source>the file must be named %1.json</source>
        <translation>the file must be named %1.json</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 digits</translation>
    </message>
    <message>
        <source>the implementation code must be the department code followed by the base code</source>
        <translation>the implementation code must be the department code followed by the base code</translation>
    </message>
    <message>
        <source>the promised limit exceeds the statutory limit</source>
        <translation>the promised limit exceeds the statutory limit</translation>
    </message>
    <message>
        <source>must be 0 exactly for on-the-spot items</source>
        <translation>must be 0 exactly for on-the-spot items</translation>
    </message>
    <message>
        <source>the steps take %1 working days, more than the promised %2</source>
        <translation>the steps take %1 working days, more than the promised %2</translation>
    </message>
    <message>
        <source>fee items are listed exactly when a fee is charged</source>
        <translation>fee items are listed exactly when a fee is charged</translation>
    </message>
    <message>
        <source>the material id “%1” is used twice</source>
        <translation>the material id “%1” is used twice</translation>
    </message>
    <message>
        <source>a condition is given exactly for conditional materials</source>
        <translation>a condition is given exactly for conditional materials</translation>
    </message>
    <message>
        <source>copies is 0 exactly for e-licence materials</source>
        <translation>copies is 0 exactly for e-licence materials</translation>
    </message>
    <message>
        <source>the issuer is named exactly when the source is an issuer</source>
        <translation>the issuer is named exactly when the source is an issuer</translation>
    </message>
    <message>
        <source>“%1” is a reserved word</source>
        <translation>“%1” is a reserved word</translation>
    </message>
    <message>
        <source>the id “%1” is used twice</source>
        <translation>the id “%1” is used twice</translation>
    </message>
    <message>
        <source>cannot be read: %1</source>
        <translation>cannot be read: %1</translation>
    </message>
    <message>
        <source>is larger than 4 MB</source>
        <translation>is larger than 4 MB</translation>
    </message>
    <message>
        <source>the id %1 is also used by another file</source>
        <translation>the id %1 is also used by another file</translation>
    </message>
    <message>
        <source>the base code is also used by %1</source>
        <translation>the base code is also used by %1</translation>
    </message>
    <message>
        <source>the implementation code is also used by %1</source>
        <translation>the implementation code is also used by %1</translation>
    </message>
    <message>
        <source>the department code %1 is named “%2” elsewhere</source>
        <translation>the department code %1 is named “%2” elsewhere</translation>
    </message>
    <message>
        <source>yes/no</source>
        <translation>yes/no</translation>
    </message>
    <message>
        <source>number</source>
        <translation>number</translation>
    </message>
    <message>
        <source>text</source>
        <translation>text</translation>
    </message>
    <message>
        <source>date</source>
        <translation>date</translation>
    </message>
    <message>
        <source>list</source>
        <translation>list</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>attachment</translation>
    </message>
    <message>
        <source>only \&quot; and \\ may be escaped in a string</source>
        <translation>only \&quot; and \\ may be escaped in a string</translation>
    </message>
    <message>
        <source>the string is not closed</source>
        <translation>the string is not closed</translation>
    </message>
    <message>
        <source>“%1” is not an operator (use == or !=)</source>
        <translation>“%1” is not an operator (use == or !=)</translation>
    </message>
    <message>
        <source>unexpected character “%1”</source>
        <translation>unexpected character “%1”</translation>
    </message>
    <message>
        <source>unexpected “%1” after the end of the condition</source>
        <translation>unexpected “%1” after the end of the condition</translation>
    </message>
    <message>
        <source>a condition must be yes/no, this one is a %1</source>
        <translation>a condition must be yes/no, this one is a %1</translation>
    </message>
    <message>
        <source>expected %1 but found “%2”</source>
        <translation>expected %1 but found “%2”</translation>
    </message>
    <message>
        <source>the end</source>
        <translation>the end</translation>
    </message>
    <message>
        <source>“%1” needs yes/no operands, not %2</source>
        <translation>“%1” needs yes/no operands, not %2</translation>
    </message>
    <message>
        <source>the condition is too deeply nested</source>
        <translation>the condition is too deeply nested</translation>
    </message>
    <message>
        <source>“%1” is not an option of %2 (options: %3)</source>
        <translation>“%1” is not an option of %2 (options: %3)</translation>
    </message>
    <message>
        <source>comparisons cannot be chained; use “and”</source>
        <translation>comparisons cannot be chained; use “and”</translation>
    </message>
    <message>
        <source>cannot compare %1 with %2</source>
        <translation>cannot compare %1 with %2</translation>
    </message>
    <message>
        <source>%1 values cannot be compared with %2; use “in” or isSet()</source>
        <translation>%1 values cannot be compared with %2; use “in” or isSet()</translation>
    </message>
    <message>
        <source>“%1” compares two numbers or two dates, not %2 and %3</source>
        <translation>“%1” compares two numbers or two dates, not %2 and %3</translation>
    </message>
    <message>
        <source>“in [...]” needs text or a number on its left, not %1</source>
        <translation>“in [...]” needs text or a number on its left, not %1</translation>
    </message>
    <message>
        <source>the list holds %1 but is compared with %2</source>
        <translation>the list holds %1 but is compared with %2</translation>
    </message>
    <message>
        <source>“in” needs a list in brackets or a multiple-choice field</source>
        <translation>“in” needs a list in brackets or a multiple-choice field</translation>
    </message>
    <message>
        <source>a multiple-choice field holds text values</source>
        <translation>a multiple-choice field holds text values</translation>
    </message>
    <message>
        <source>a date in quotes</source>
        <translation>a date in quotes</translation>
    </message>
    <message>
        <source>expected a value but found “%1”</source>
        <translation>expected a value but found “%1”</translation>
    </message>
    <message>
        <source>a field name</source>
        <translation>a field name</translation>
    </message>
    <message>
        <source>“%1” is a reserved word, not a field</source>
        <translation>“%1” is a reserved word, not a field</translation>
    </message>
    <message>
        <source>a field name after “.”</source>
        <translation>a field name after “.”</translation>
    </message>
    <message>
        <source>“%1.%2” can only be used by fields of the repeatable group %1; use count(%1) elsewhere</source>
        <translation>“%1.%2” can only be used by fields of the repeatable group %1; use count(%1) elsewhere</translation>
    </message>
    <message>
        <source>there is no field “%1” in this item</source>
        <translation>there is no field “%1” in this item</translation>
    </message>
    <message>
        <source>the field “%1” is not in the group “%2”</source>
        <translation>the field “%1” is not in the group “%2”</translation>
    </message>
    <message>
        <source>“%1” is inside the repeatable group “%2”: write %2.%1 inside that group, or use count(%2)</source>
        <translation>“%1” is inside the repeatable group “%2”: write %2.%1 inside that group, or use count(%2)</translation>
    </message>
    <message>
        <source>a repeatable group</source>
        <translation>a repeatable group</translation>
    </message>
    <message>
        <source>“%1” is not a repeatable group</source>
        <translation>“%1” is not a repeatable group</translation>
    </message>
    <message>
        <source>age() needs an ID number field</source>
        <translation>age() needs an ID number field</translation>
    </message>
    <message>
        <source>column 1: the condition is longer than 2000 characters</source>
        <translation>column 1: the condition is longer than 2000 characters</translation>
    </message>
    <message>
        <source>column %1: %2</source>
        <translation>column %1: %2</translation>
    </message>
    <message>
        <source>Enter text here.</source>
        <translation>Enter text here.</translation>
    </message>
    <message numerus="yes">
        <source>Enter at least %n character(s).</source>
        <translation>
            <numerusform>Enter at least %n character(s).</numerusform>
            <numerusform>Enter at least %n character(s).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Enter at most %n character(s).</source>
        <translation>
            <numerusform>Enter at most %n character(s).</numerusform>
            <numerusform>Enter at most %n character(s).</numerusform>
        </translation>
    </message>
    <message>
        <source>This is not in the expected form.</source>
        <translation>This is not in the expected form.</translation>
    </message>
    <message>
        <source>Enter a number.</source>
        <translation>Enter a number.</translation>
    </message>
    <message>
        <source>Enter a whole number.</source>
        <translation>Enter a whole number.</translation>
    </message>
    <message numerus="yes">
        <source>Use at most %n decimal place(s).</source>
        <translation>
            <numerusform>Use at most %n decimal place(s).</numerusform>
            <numerusform>Use at most %n decimal place(s).</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter %1 or more.</source>
        <translation>Enter %1 or more.</translation>
    </message>
    <message>
        <source>Enter %1 or less.</source>
        <translation>Enter %1 or less.</translation>
    </message>
    <message>
        <source>Enter a real date.</source>
        <translation>Enter a real date.</translation>
    </message>
    <message>
        <source>The date must be on or after %1.</source>
        <translation>The date must be on or after %1.</translation>
    </message>
    <message>
        <source>The date must be on or before %1.</source>
        <translation>The date must be on or before %1.</translation>
    </message>
    <message>
        <source>Choose one of the options.</source>
        <translation>Choose one of the options.</translation>
    </message>
    <message>
        <source>Answer yes or no.</source>
        <translation>Answer yes or no.</translation>
    </message>
    <message>
        <source>A citizen ID number has 18 characters.</source>
        <translation>A citizen ID number has 18 characters.</translation>
    </message>
    <message>
        <source>A citizen ID number has 17 digits and then a digit or X.</source>
        <translation>A citizen ID number has 17 digits and then a digit or X.</translation>
    </message>
    <message>
        <source>The birth date in this ID number is not a real date.</source>
        <translation>The birth date in this ID number is not a real date.</translation>
    </message>
    <message>
        <source>This ID number is not valid: please check every digit.</source>
        <translation>This ID number is not valid: please check every digit.</translation>
    </message>
    <message>
        <source>The first six digits of this ID number are not a known region.</source>
        <translation>The first six digits of this ID number are not a known region.</translation>
    </message>
    <message>
        <source>This unified social credit code is not valid.</source>
        <translation>This unified social credit code is not valid.</translation>
    </message>
    <message>
        <source>Enter an 11-digit mobile number.</source>
        <translation>Enter an 11-digit mobile number.</translation>
    </message>
    <message>
        <source>Choose a county or district from the list.</source>
        <translation>Choose a county or district from the list.</translation>
    </message>
    <message>
        <source>A bank card or account number has 12 to 30 digits.</source>
        <translation>A bank card or account number has 12 to 30 digits.</translation>
    </message>
    <message numerus="yes">
        <source>Add at least %n file(s).</source>
        <translation>
            <numerusform>Add at least %n file(s).</numerusform>
            <numerusform>Add at least %n file(s).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add at most %n file(s).</source>
        <translation>
            <numerusform>Add at most %n file(s).</numerusform>
            <numerusform>Add at most %n file(s).</numerusform>
        </translation>
    </message>
    <message>
        <source>Please sign here.</source>
        <translation>Please sign here.</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file(s)</numerusform>
            <numerusform>%n file(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>Add the file here.</source>
        <translation>Add the file here.</translation>
    </message>
    <message>
        <source>Please choose an answer.</source>
        <translation>Please choose an answer.</translation>
    </message>
    <message>
        <source>Please fill this in.</source>
        <translation>Please fill this in.</translation>
    </message>
    <message>
        <source>Add at least %1 “%2”.</source>
        <translation>Add at least %1 “%2”.</translation>
    </message>
    <message>
        <source>The form version this case was filled with is not on this device.</source>
        <translation>The form version this case was filled with is not on this device.</translation>
    </message>
    <message>
        <source>The stored form version of this case is damaged.</source>
        <translation>The stored form version of this case is damaged.</translation>
    </message>
    <message>
        <source>The region table could not be read.</source>
        <translation>The region table could not be read.</translation>
    </message>
    <message>
        <source>The region table is damaged.</source>
        <translation>The region table is damaged.</translation>
    </message>
    <message>
        <source>This service is not available on this device.</source>
        <translation>This service is not available on this device.</translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>Add %1</translation>
    </message>
    <message>
        <source>This bank card number is not valid: please check every digit.</source>
        <translation>This bank card number is not valid: please check every digit.</translation>
    </message>
    <message>
        <source>Picture taken</source>
        <translation>Picture taken</translation>
    </message>
    <message>
        <source>%1 fills a region field</source>
        <translation>%1 fills a region field</translation>
    </message>
    <message>
        <source>a lowerCamelCase key</source>
        <translation>a lowerCamelCase key</translation>
    </message>
</context>
<context>
    <name>ChoiceField</name>
    <message>
        <source>Please choose</source>
        <translation>Please choose</translation>
    </message>
</context>
<context>
    <name>ChooseItemScreen</name>
    <message>
        <source>Choose a service</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <source>Type a name, e.g. 高龄 (old age)</source>
        <translation>Type a name, e.g. 高龄 (old age)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Group by</source>
        <translation>Group by</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Kind of service</source>
        <translation>Kind of service</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Done on the spot</source>
        <translation>Done on the spot</translation>
    </message>
    <message numerus="yes">
        <source>Within %n working day(s)</source>
        <translation>
            <numerusform>Within %n working day</numerusform>
            <numerusform>Within %n working days</numerusform>
        </translation>
    </message>
    <message>
        <source>No service matches “%1”.</source>
        <translation>No service matches “%1”.</translation>
    </message>
    <message>
        <source>Try a shorter word, choose “All”, or call a helper.</source>
        <translation>Try a shorter word, choose “All”, or call a helper.</translation>
    </message>
    <message>
        <source>Loading the services…</source>
        <translation>Loading the services…</translation>
    </message>
    <message>
        <source>Search for a service</source>
        <translation>Search for a service</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Clear the search</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>More</source>
        <translation>More</translation>
    </message>
</context>
<context>
    <name>CliText</name>
    <message>
        <source>Missing value after %1.</source>
        <translation>Missing value after %1.</translation>
    </message>
    <message>
        <source>Unknown option %1.</source>
        <translation>Unknown option %1.</translation>
    </message>
    <message>
        <source>Name the store with --db PATH.</source>
        <translation>Name the store with --db PATH.</translation>
    </message>
    <message>
        <source>Give exactly one of --key-file PATH or --passphrase-stdin.</source>
        <translation>Give exactly one of --key-file PATH or --passphrase-stdin.</translation>
    </message>
    <message>
        <source>A file already exists at this path; it was left untouched.</source>
        <translation>A file already exists at this path; it was left untouched.</translation>
    </message>
    <message>
        <source>Created store %1 for device %2.</source>
        <translation>Created store %1 for device %2.</translation>
    </message>
    <message>
        <source>Store is intact: schema version %1, %2 cases.</source>
        <translation>Store is intact: schema version %1, %2 cases.</translation>
    </message>
    <message>
        <source>The store has a new key.</source>
        <translation>The store has a new key.</translation>
    </message>
    <message>
        <source>The audit trail has been altered at entry %1.</source>
        <translation>The audit trail has been altered at entry %1.</translation>
    </message>
    <message>
        <source>Audit trail intact: %1 entries.</source>
        <translation>Audit trail intact: %1 entries.</translation>
    </message>
    <message>
        <source>Unknown state %1.</source>
        <translation>Unknown state %1.</translation>
    </message>
    <message>
        <source>Added %1 demo cases to %2.</source>
        <translation>Added %1 demo cases to %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) in the catalog; %1 of %2 items are usable.</source>
        <translation>
            <numerusform>%n problem(s) in the catalog; %1 of %2 items are usable.</numerusform>
            <numerusform>%n problem(s) in the catalog; %1 of %2 items are usable.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The catalog is sound: %n item(s).</source>
        <translation>
            <numerusform>The catalog is sound: %n item(s).</numerusform>
            <numerusform>The catalog is sound: %n item(s).</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage: onewindow scan [--forms DIR] [--trust FILE] [--demo] FILE...
Reads the code in each image and prints FILE, FORMAT, KIND and TEXT separated by tabs, or FILE and
&quot;none&quot;. KIND is the kind of code, followed by &quot;:reason&quot; when it is not accepted. ID numbers are
masked. --forms names the catalog (default: OW_FORMS_DIR or the installed catalog), --trust adds a
trust file (for example with device keys), --demo accepts the demo issuers of the catalog.
Exit status: 0 when every file had a code, 6 otherwise, 1 for a usage error.</source>
        <translation>Usage: onewindow scan [--forms DIR] [--trust FILE] [--demo] FILE...
Reads the code in each image and prints FILE, FORMAT, KIND and TEXT separated by tabs, or FILE and
&quot;none&quot;. KIND is the kind of code, followed by &quot;:reason&quot; when it is not accepted. ID numbers are
masked. --forms names the catalog (default: OW_FORMS_DIR or the installed catalog), --trust adds a
trust file (for example with device keys), --demo accepts the demo issuers of the catalog.
Exit status: 0 when every file had a code, 6 otherwise, 1 for a usage error.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Show this help.</translation>
    </message>
    <message>
        <source>%1 takes a whole number from %2 to %3, not &quot;%4&quot;.</source>
        <translation>%1 takes a whole number from %2 to %3, not &quot;%4&quot;.</translation>
    </message>
    <message>
        <source>Run &quot;%1 --help&quot; to see how it is used.</source>
        <translation>Run &quot;%1 --help&quot; to see how it is used.</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Options:</translation>
    </message>
    <message>
        <source>Usage: onewindow catalog check|list [FORMS_DIR]
check prints every problem of the catalog as FILE, JSON path and message separated by tabs and
exits 1 if there is any; list prints implementation code, name, level and department of each item.
FORMS_DIR defaults to OW_FORMS_DIR, else OW_DATA_DIR/forms, else share/onewindow/forms beside the
program&apos;s folder.</source>
        <translation>Usage: onewindow catalog check|list [FORMS_DIR]
check prints every problem of the catalog as FILE, JSON path and message separated by tabs and
exits 1 if there is any; list prints implementation code, name, level and department of each item.
FORMS_DIR defaults to OW_FORMS_DIR, else OW_DATA_DIR/forms, else share/onewindow/forms beside the
program&apos;s folder.</translation>
    </message>
    <message>
        <source>Name what to do: %1.</source>
        <translation>Name what to do: %1.</translation>
    </message>
    <message>
        <source>Unknown command %1.</source>
        <translation>Unknown command %1.</translation>
    </message>
    <message>
        <source>Unexpected argument %1.</source>
        <translation>Unexpected argument %1.</translation>
    </message>
    <message>
        <source>create, check or re-key an encrypted store</source>
        <translation>create, check or re-key an encrypted store</translation>
    </message>
    <message>
        <source>verify the audit trail; who used a case&apos;s data</source>
        <translation>verify the audit trail; who used a case&apos;s data</translation>
    </message>
    <message>
        <source>list the cases of a store</source>
        <translation>list the cases of a store</translation>
    </message>
    <message>
        <source>add demo cases to a store</source>
        <translation>add demo cases to a store</translation>
    </message>
    <message>
        <source>check or list the service catalog</source>
        <translation>check or list the service catalog</translation>
    </message>
    <message>
        <source>read the codes in image files</source>
        <translation>read the codes in image files</translation>
    </message>
    <message>
        <source>enroll with the county hub and sync cases</source>
        <translation>enroll with the county hub and sync cases</translation>
    </message>
    <message>
        <source>write sealed packets to removable media for the hub</source>
        <translation>write sealed packets to removable media for the hub</translation>
    </message>
    <message>
        <source>Usage: onewindow COMMAND [OPTIONS] [ARGUMENTS]</source>
        <translation>Usage: onewindow COMMAND [OPTIONS] [ARGUMENTS]</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Commands:</translation>
    </message>
    <message>
        <source>Run &quot;onewindow COMMAND --help&quot; for the options of a command.</source>
        <translation>Run &quot;onewindow COMMAND --help&quot; for the options of a command.</translation>
    </message>
    <message>
        <source>Usage: onewindow store init|check|rekey --db PATH (--key-file PATH | --passphrase-stdin) [--device-id ID]
init creates an encrypted store, check checks it page by page, rekey re-encrypts it with a new key.
With --passphrase-stdin the passphrase is the first line of standard input; for rekey the new
passphrase is the second line.</source>
        <translation>Usage: onewindow store init|check|rekey --db PATH (--key-file PATH | --passphrase-stdin) [--device-id ID]
init creates an encrypted store, check checks it page by page, rekey re-encrypts it with a new key.
With --passphrase-stdin the passphrase is the first line of standard input; for rekey the new
passphrase is the second line.</translation>
    </message>
    <message>
        <source>Usage: onewindow audit verify --db PATH (--key-file PATH | --passphrase-stdin)
       onewindow audit case   --db PATH (--key-file PATH | --passphrase-stdin) NUMBER
verify checks the hash chain of the audit trail and names the first broken entry; case lists who
used the data of case NUMBER.</source>
        <translation>Usage: onewindow audit verify --db PATH (--key-file PATH | --passphrase-stdin)
       onewindow audit case   --db PATH (--key-file PATH | --passphrase-stdin) NUMBER
verify checks the hash chain of the audit trail and names the first broken entry; case lists who
used the data of case NUMBER.</translation>
    </message>
    <message>
        <source>Usage: onewindow case list --db PATH (--key-file PATH | --passphrase-stdin) [--state STATE]
Lists the cases of a store (ID numbers masked), all of them or those in one state.</source>
        <translation>Usage: onewindow case list --db PATH (--key-file PATH | --passphrase-stdin) [--state STATE]
Lists the cases of a store (ID numbers masked), all of them or those in one state.</translation>
    </message>
    <message>
        <source>Usage: onewindow demo seed --db PATH (--key-file PATH | --passphrase-stdin) [--count N]
Adds demo cases with synthetic applicants to a store, creating it if needed.</source>
        <translation>Usage: onewindow demo seed --db PATH (--key-file PATH | --passphrase-stdin) [--count N]
Adds demo cases with synthetic applicants to a store, creating it if needed.</translation>
    </message>
    <message>
        <source>The store file.</source>
        <translation>The store file.</translation>
    </message>
    <message>
        <source>The store&apos;s key file (created with mode 0600 by init).</source>
        <translation>The store&apos;s key file (created with mode 0600 by init).</translation>
    </message>
    <message>
        <source>Read the passphrase from standard input.</source>
        <translation>Read the passphrase from standard input.</translation>
    </message>
    <message>
        <source>The device id of a new store.</source>
        <translation>The device id of a new store.</translation>
    </message>
    <message>
        <source>Only the cases in this state.</source>
        <translation>Only the cases in this state.</translation>
    </message>
    <message>
        <source>How many cases to add (default 12).</source>
        <translation>How many cases to add (default 12).</translation>
    </message>
    <message>
        <source>Name the case with its NUMBER.</source>
        <translation>Name the case with its NUMBER.</translation>
    </message>
    <message>
        <source>The catalog folder (regions and trusted issuers).</source>
        <translation>The catalog folder (regions and trusted issuers).</translation>
    </message>
    <message>
        <source>One more trust file; may be given more than once.</source>
        <translation>One more trust file; may be given more than once.</translation>
    </message>
    <message>
        <source>Accept the demo issuers of the catalog.</source>
        <translation>Accept the demo issuers of the catalog.</translation>
    </message>
    <message>
        <source>Name at least one image FILE.</source>
        <translation>Name at least one image FILE.</translation>
    </message>
    <message>
        <source>The county hub&apos;s address.</source>
        <translation>The county hub&apos;s address.</translation>
    </message>
    <message>
        <source>The hub&apos;s public key: sha256//BASE64 or a PEM file.</source>
        <translation>The hub&apos;s public key: sha256//BASE64 or a PEM file.</translation>
    </message>
    <message>
        <source>Certificates to trust for the hub&apos;s TLS, in PEM.</source>
        <translation>Certificates to trust for the hub&apos;s TLS, in PEM.</translation>
    </message>
    <message>
        <source>The one-time enrollment code from the hub.</source>
        <translation>The one-time enrollment code from the hub.</translation>
    </message>
    <message>
        <source>The device&apos;s name at the hub (default: its device id).</source>
        <translation>The device&apos;s name at the hub (default: its device id).</translation>
    </message>
    <message>
        <source>The packet suite: gm (default) or intl.</source>
        <translation>The packet suite: gm (default) or intl.</translation>
    </message>
    <message>
        <source>Name the folder to write to.</source>
        <translation>Name the folder to write to.</translation>
    </message>
</context>
<context>
    <name>ComingSoonScreen</name>
    <message>
        <source>Identify yourself and fill in the form</source>
        <translation>Identify yourself and fill in the form</translation>
    </message>
    <message>
        <source>Reading your ID card or scanning your code, and filling in the application, are coming to this kiosk soon. Nothing has been submitted.</source>
        <translation>Reading your ID card or scanning your code, and filling in the application, are coming to this kiosk soon. Nothing has been submitted.</translation>
    </message>
    <message>
        <source>Check progress</source>
        <translation>Check progress</translation>
    </message>
    <message>
        <source>Checking an application&apos;s progress is coming to this kiosk soon.</source>
        <translation>Checking an application&apos;s progress is coming to this kiosk soon.</translation>
    </message>
    <message>
        <source>Call a helper</source>
        <translation>Call a helper</translation>
    </message>
    <message>
        <source>Calling a helper from this screen is coming soon.</source>
        <translation>Calling a helper from this screen is coming soon.</translation>
    </message>
    <message>
        <source>Coming soon</source>
        <translation>Coming soon</translation>
    </message>
    <message>
        <source>Meanwhile, the village service point or the integrated service window of the county government service hall can help you.</source>
        <translation>Meanwhile, the village service point or the integrated service window of the county government service hall can help you.</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <source>How your personal information is used</source>
        <translation>How your personal information is used</translation>
    </message>
    <message>
        <source>Agree and submit</source>
        <translation>Agree and submit</translation>
    </message>
</context>
<context>
    <name>ContinueAtWindowButton</name>
    <message>
        <source>Continue at the service window</source>
        <translation>Continue at the service window</translation>
    </message>
    <message>
        <source>To continue at the service window, please ask staff</source>
        <translation>To continue at the service window, please ask staff</translation>
    </message>
</context>
<context>
    <name>CorrectionPage</name>
    <message>
        <source>Corrections</source>
        <translation>Corrections</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) waiting for the citizen&apos;s correction</source>
        <translation>
            <numerusform>%n case(s) waiting for the citizen&apos;s correction</numerusform>
            <numerusform>%n case(s) waiting for the citizen&apos;s correction</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to send to the county hub</source>
        <translation>
            <numerusform>%n waiting to send to the county hub</numerusform>
            <numerusform>%n waiting to send to the county hub</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything sent to the county hub</source>
        <translation>Everything sent to the county hub</translation>
    </message>
    <message>
        <source>%1 · applicant %2 · asked %3</source>
        <translation>%1 · applicant %2 · asked %3</translation>
    </message>
    <message>
        <source>No case waits for a correction.</source>
        <translation>No case waits for a correction.</translation>
    </message>
    <message>
        <source>Choose a case on the left to record what the citizen brought.</source>
        <translation>Choose a case on the left to record what the citizen brought.</translation>
    </message>
    <message>
        <source>%1 · applicant %2</source>
        <translation>%1 · applicant %2</translation>
    </message>
    <message>
        <source>What the reviewer asks for</source>
        <translation>What the reviewer asks for</translation>
    </message>
    <message>
        <source>The reviewer gave no list.</source>
        <translation>The reviewer gave no list.</translation>
    </message>
    <message>
        <source>Materials brought</source>
        <translation>Materials brought</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Nothing attached yet.</source>
        <translation>Nothing attached yet.</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>Scan file</source>
        <translation>Scan file</translation>
    </message>
    <message>
        <source>Path of the scan (PNG, JPEG or PDF)</source>
        <translation>Path of the scan (PNG, JPEG or PDF)</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>Attach</translation>
    </message>
    <message>
        <source>Send back to the reviewer</source>
        <translation>Send back to the reviewer</translation>
    </message>
</context>
<context>
    <name>CryptoText</name>
    <message>
        <source>The passphrase could not be processed.</source>
        <translation>The passphrase could not be processed.</translation>
    </message>
    <message>
        <source>A cryptographic operation failed.</source>
        <translation>A cryptographic operation failed.</translation>
    </message>
    <message>
        <source>The data is damaged or was altered.</source>
        <translation>The data is damaged or was altered.</translation>
    </message>
    <message>
        <source>The key is not valid.</source>
        <translation>The key is not valid.</translation>
    </message>
    <message>
        <source>The packet is not in a format this program understands.</source>
        <translation>The packet is not in a format this program understands.</translation>
    </message>
    <message>
        <source>The packet is damaged or was altered.</source>
        <translation>The packet is damaged or was altered.</translation>
    </message>
    <message>
        <source>The hub&apos;s receipt is not valid.</source>
        <translation>The hub&apos;s receipt is not valid.</translation>
    </message>
    <message>
        <source>The cryptographic self-test failed; the program cannot run safely.</source>
        <translation>The cryptographic self-test failed; the program cannot run safely.</translation>
    </message>
    <message>
        <source>The audit extract&apos;s signature is not valid.</source>
        <translation>The audit extract&apos;s signature is not valid.</translation>
    </message>
</context>
<context>
    <name>DeskOptions</name>
    <message>
        <source>OneWindow desk: the service hall&apos;s window clerks and the departments&apos; reviewers.</source>
        <translation>OneWindow desk: the service hall&apos;s window clerks and the departments&apos; reviewers.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Show this help.</translation>
    </message>
    <message>
        <source>Folder of the desk&apos;s encrypted store.</source>
        <translation>Folder of the desk&apos;s encrypted store.</translation>
    </message>
    <message>
        <source>Folder of the service catalog.</source>
        <translation>Folder of the service catalog.</translation>
    </message>
    <message>
        <source>Address of the county hub, e.g. https://hub:8443.</source>
        <translation>Address of the county hub, e.g. https://hub:8443.</translation>
    </message>
    <message>
        <source>The hub&apos;s public key: sha256//BASE64 or a key file (for HTTPS).</source>
        <translation>The hub&apos;s public key: sha256//BASE64 or a key file (for HTTPS).</translation>
    </message>
    <message>
        <source>CA certificates for the hub&apos;s TLS.</source>
        <translation>CA certificates for the hub&apos;s TLS.</translation>
    </message>
    <message>
        <source>Sign out after this many seconds without use (%1–%2).</source>
        <translation>Sign out after this many seconds without use (%1–%2).</translation>
    </message>
    <message>
        <source>Demonstration: demo data and a window.</source>
        <translation>Demonstration: demo data and a window.</translation>
    </message>
    <message>
        <source>Run in a window instead of full screen.</source>
        <translation>Run in a window instead of full screen.</translation>
    </message>
    <message>
        <source>Cache an operator on this desk (password on standard input) and exit.</source>
        <translation>Cache an operator on this desk (password on standard input) and exit.</translation>
    </message>
    <message>
        <source>User name of --add-operator.</source>
        <translation>User name of --add-operator.</translation>
    </message>
    <message>
        <source>Role of --add-operator: windowClerk, reviewer, villageHelper, supervisor, auditor or admin.</source>
        <translation>Role of --add-operator: windowClerk, reviewer, villageHelper, supervisor, auditor or admin.</translation>
    </message>
    <message>
        <source>Department code of --add-operator.</source>
        <translation>Department code of --add-operator.</translation>
    </message>
    <message>
        <source>Name shown for --add-operator.</source>
        <translation>Name shown for --add-operator.</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>Unexpected argument: %1</translation>
    </message>
    <message>
        <source>--idle-seconds must be a number from %1 to %2.</source>
        <translation>--idle-seconds must be a number from %1 to %2.</translation>
    </message>
    <message>
        <source>--add-operator needs --username.</source>
        <translation>--add-operator needs --username.</translation>
    </message>
    <message>
        <source>--role must be one of windowClerk, reviewer, villageHelper, supervisor, auditor, admin.</source>
        <translation>--role must be one of windowClerk, reviewer, villageHelper, supervisor, auditor, admin.</translation>
    </message>
    <message>
        <source>--username, --role, --department and --display-name go with --add-operator.</source>
        <translation>--username, --role, --department and --display-name go with --add-operator.</translation>
    </message>
    <message>
        <source>The desk cannot create its data folder.</source>
        <translation>The desk cannot create its data folder.</translation>
    </message>
    <message>
        <source>No service items could be loaded from %1.</source>
        <translation>No service items could be loaded from %1.</translation>
    </message>
    <message>
        <source>The operator %1 can sign in at this desk.</source>
        <translation>The operator %1 can sign in at this desk.</translation>
    </message>
    <message>
        <source>Serial device of the window&apos;s ID card reader, e.g. /dev/ttyUSB0.</source>
        <translation>Serial device of the window&apos;s ID card reader, e.g. /dev/ttyUSB0.</translation>
    </message>
    <message>
        <source>Printer (CUPS queue) for acceptance notices and materials receipts.</source>
        <translation>Printer (CUPS queue) for acceptance notices and materials receipts.</translation>
    </message>
    <message>
        <source>--card-reader needs the reader&apos;s serial device, e.g. /dev/ttyUSB0.</source>
        <translation>--card-reader needs the reader&apos;s serial device, e.g. /dev/ttyUSB0.</translation>
    </message>
    <message>
        <source>--printer needs the name of a printer (CUPS queue).</source>
        <translation>--printer needs the name of a printer (CUPS queue).</translation>
    </message>
    <message>
        <source>Show the rating screen for citizens (评价器), on the second screen when there is one.</source>
        <translation>Show the rating screen for citizens (评价器), on the second screen when there is one.</translation>
    </message>
</context>
<context>
    <name>FieldDelegate</name>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, e.g. 1949-10-01</source>
        <translation>YYYY-MM-DD, e.g. 1949-10-01</translation>
    </message>
    <message>
        <source>18 characters</source>
        <translation>18 characters</translation>
    </message>
    <message>
        <source>11 digits</source>
        <translation>11 digits</translation>
    </message>
    <message>
        <source>Yuan</source>
        <translation>Yuan</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Take a photo or scan</source>
        <translation>Take a photo or scan</translation>
    </message>
    <message>
        <source>No file yet</source>
        <translation>No file yet</translation>
    </message>
    <message>
        <source>Take again</source>
        <translation>Take again</translation>
    </message>
    <message>
        <source>Take a picture</source>
        <translation>Take a picture</translation>
    </message>
    <message>
        <source>No picture yet</source>
        <translation>No picture yet</translation>
    </message>
</context>
<context>
    <name>FilesText</name>
    <message>
        <source>The disk is full. Nothing was changed; free some space and try again.</source>
        <translation>The disk is full. Nothing was changed; free some space and try again.</translation>
    </message>
    <message>
        <source>A file could not be written. Nothing was changed.</source>
        <translation>A file could not be written. Nothing was changed.</translation>
    </message>
</context>
<context>
    <name>FollowUpsPage</name>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message numerus="yes">
        <source>Overdue by %n working day(s)</source>
        <translation>
            <numerusform>Overdue by %n working day(s)</numerusform>
            <numerusform>Overdue by %n working day(s)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) left</source>
        <translation>
            <numerusform>%n working day(s) left</numerusform>
            <numerusform>%n working day(s) left</numerusform>
        </translation>
    </message>
    <message>
        <source>Rating follow-ups</source>
        <translation>Rating follow-ups</translation>
    </message>
    <message numerus="yes">
        <source>%n open</source>
        <translation>
            <numerusform>%n open</numerusform>
            <numerusform>%n open</numerusform>
        </translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Reading the follow-ups…</source>
        <translation>Reading the follow-ups…</translation>
    </message>
    <message>
        <source>No follow-ups: no bad ratings so far.</source>
        <translation>No follow-ups: no bad ratings so far.</translation>
    </message>
    <message>
        <source>Rated %1 · due %2</source>
        <translation>Rated %1 · due %2</translation>
    </message>
    <message>
        <source>Choose a follow-up on the left.</source>
        <translation>Choose a follow-up on the left.</translation>
    </message>
    <message>
        <source>Case %1</source>
        <translation>Case %1</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Return visit</source>
        <translation>Return visit</translation>
    </message>
    <message>
        <source>What was put right (整改情况)</source>
        <translation>What was put right (整改情况)</translation>
    </message>
    <message>
        <source>Day of the return visit</source>
        <translation>Day of the return visit</translation>
    </message>
    <message>
        <source>By phone</source>
        <translation>By phone</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>In person</translation>
    </message>
    <message>
        <source>What the citizen said at the return visit</source>
        <translation>What the citizen said at the return visit</translation>
    </message>
    <message>
        <source>Record the follow-up</source>
        <translation>Record the follow-up</translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <source>Face the camera, or hold the paper in front of it, then tap the button.</source>
        <translation>Face the camera, or hold the paper in front of it, then tap the button.</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <source>Step %1 of %2</source>
        <translation>Step %1 of %2</translation>
    </message>
    <message>
        <source>Some answers need attention; they are marked in red.</source>
        <translation>Some answers need attention; they are marked in red.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Review and submit</source>
        <translation>Review and submit</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Check the form</source>
        <translation>Check the form</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <source>Handled by %1</source>
        <translation>Handled by %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>Not available now</translation>
    </message>
    <message>
        <source>Who may apply</source>
        <translation>Who may apply</translation>
    </message>
    <message>
        <source>What to bring</source>
        <translation>What to bring</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>If it applies</source>
        <translation>If it applies</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>What happens next</source>
        <translation>What happens next</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>You receive: %1</source>
        <translation>You receive: %1</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <source>Call a helper</source>
        <translation>Call a helper</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>HelperPage</name>
    <message>
        <source>Act for a principal</source>
        <translation>Act for a principal</translation>
    </message>
    <message>
        <source>Helper board</source>
        <translation>Helper board</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) handled for principals</source>
        <translation>
            <numerusform>%n case(s) handled for principals</numerusform>
            <numerusform>%n case(s) handled for principals</numerusform>
        </translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Back to the board</source>
        <translation>Back to the board</translation>
    </message>
    <message>
        <source>My cases for principals</source>
        <translation>My cases for principals</translation>
    </message>
    <message>
        <source>No case yet. Use “Act for a principal” to apply for someone.</source>
        <translation>No case yet. Use “Act for a principal” to apply for someone.</translation>
    </message>
    <message>
        <source>Principal %1</source>
        <translation>Principal %1</translation>
    </message>
    <message>
        <source>At: %1 · case %2</source>
        <translation>At: %1 · case %2</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>What the principal said (required)</source>
        <translation>What the principal said (required)</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <source>Record: %1</source>
        <translation>Record: %1</translation>
    </message>
    <message>
        <source>Kiosks calling for a helper</source>
        <translation>Kiosks calling for a helper</translation>
    </message>
    <message>
        <source>Kiosk %1</source>
        <translation>Kiosk %1</translation>
    </message>
    <message>
        <source>You are on your way</source>
        <translation>You are on your way</translation>
    </message>
    <message>
        <source>I&apos;m on my way</source>
        <translation>I&apos;m on my way</translation>
    </message>
    <message>
        <source>Done: close the request</source>
        <translation>Done: close the request</translation>
    </message>
    <message>
        <source>1. The principal</source>
        <translation>1. The principal</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Identify</source>
        <translation>Identify</translation>
    </message>
    <message>
        <source>Principal: %1 %2</source>
        <translation>Principal: %1 %2</translation>
    </message>
    <message>
        <source>2. The signed authorisation (委托书)</source>
        <translation>2. The signed authorisation (委托书)</translation>
    </message>
    <message>
        <source>Photo or scan of the paper</source>
        <translation>Photo or scan of the paper</translation>
    </message>
    <message>
        <source>Photo or scan of the paper (file)</source>
        <translation>Photo or scan of the paper (file)</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>Attach</translation>
    </message>
    <message>
        <source>The principal signs here:</source>
        <translation>The principal signs here:</translation>
    </message>
    <message>
        <source>Service items the principal entrusts:</source>
        <translation>Service items the principal entrusts:</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Valid from</translation>
    </message>
    <message>
        <source>Valid from 2026-03-01</source>
        <translation>Valid from 2026-03-01</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>Valid to</translation>
    </message>
    <message>
        <source>Valid to 2026-03-31</source>
        <translation>Valid to 2026-03-31</translation>
    </message>
    <message>
        <source>Your ID number</source>
        <translation>Your ID number</translation>
    </message>
    <message>
        <source>Your ID number (agent)</source>
        <translation>Your ID number (agent)</translation>
    </message>
    <message>
        <source>Your mobile</source>
        <translation>Your mobile</translation>
    </message>
    <message>
        <source>Record the authorisation</source>
        <translation>Record the authorisation</translation>
    </message>
    <message>
        <source>3. The application</source>
        <translation>3. The application</translation>
    </message>
    <message>
        <source>Fill in</source>
        <translation>Fill in</translation>
    </message>
    <message>
        <source>Identify the principal, record their authorisation, then choose an item it covers.</source>
        <translation>Identify the principal, record their authorisation, then choose an item it covers.</translation>
    </message>
    <message>
        <source>Submit for the principal</source>
        <translation>Submit for the principal</translation>
    </message>
</context>
<context>
    <name>HelperText</name>
    <message>
        <source>Entrusted</source>
        <translation>Entrusted</translation>
    </message>
    <message>
        <source>Acceptance</source>
        <translation>Acceptance</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <source>Archiving</source>
        <translation>Archiving</translation>
    </message>
    <message>
        <source>Reporting</source>
        <translation>Reporting</translation>
    </message>
    <message>
        <source>Follow-up visit</source>
        <translation>Follow-up visit</translation>
    </message>
    <message>
        <source>This step cannot be recorded now: the case is at &quot;%1&quot;.</source>
        <translation>This step cannot be recorded now: the case is at &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>finished</translation>
    </message>
    <message>
        <source>Write down what the principal said on the follow-up visit.</source>
        <translation>Write down what the principal said on the follow-up visit.</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Good day, %1</source>
        <translation>Good day, %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Your department&apos;s cases, most urgent first, with the promised and statutory clocks.</source>
        <translation>Your department&apos;s cases, most urgent first, with the promised and statutory clocks.</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Key: %1</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>Keyboard</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Review queue</source>
        <translation>Review queue</translation>
    </message>
    <message>
        <source>Refresh the queue</source>
        <translation>Refresh the queue</translation>
    </message>
    <message>
        <source>Choose a case and open it</source>
        <translation>Choose a case and open it</translation>
    </message>
    <message>
        <source>Close the case</source>
        <translation>Close the case</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Identify the citizen, fill the form, check each material, accept or refuse.</source>
        <translation>Identify the citizen, fill the form, check each material, accept or refuse.</translation>
    </message>
    <message>
        <source>This desk has no work for your role yet. Your sign-in and what you do are recorded.</source>
        <translation>This desk has no work for your role yet. Your sign-in and what you do are recorded.</translation>
    </message>
    <message>
        <source>Accept an application</source>
        <translation>Accept an application</translation>
    </message>
    <message>
        <source>Accept (受理)</source>
        <translation>Accept (受理)</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>Corrections</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Tap what you would like to do.</source>
        <translation>Tap what you would like to do.</translation>
    </message>
    <message>
        <source>I want to apply</source>
        <translation>I want to apply</translation>
    </message>
    <message>
        <source>Choose a service and apply here</source>
        <translation>Choose a service and apply here</translation>
    </message>
    <message>
        <source>Check progress</source>
        <translation>Check progress</translation>
    </message>
    <message>
        <source>See where your application is</source>
        <translation>See where your application is</translation>
    </message>
    <message>
        <source>Rate the service</source>
        <translation>Rate the service</translation>
    </message>
    <message>
        <source>Tell us how it went</source>
        <translation>Tell us how it went</translation>
    </message>
    <message>
        <source>Call a helper</source>
        <translation>Call a helper</translation>
    </message>
    <message>
        <source>A village helper comes to help you</source>
        <translation>A village helper comes to help you</translation>
    </message>
    <message>
        <source>Hard to read or to use? Tap “Call a helper” and someone will come to you.</source>
        <translation>Hard to read or to use? Tap “Call a helper” and someone will come to you.</translation>
    </message>
    <message>
        <source>Standard mode</source>
        <translation>Standard mode</translation>
    </message>
    <message>
        <source>Elder mode</source>
        <translation>Elder mode</translation>
    </message>
    <message>
        <source>Back to the usual size and pace</source>
        <translation>Back to the usual size and pace</translation>
    </message>
    <message>
        <source>Larger text, one question at a time, more time</source>
        <translation>Larger text, one question at a time, more time</translation>
    </message>
</context>
<context>
    <name>HubText</name>
    <message>
        <source>The service catalog folder has no items.</source>
        <translation>The service catalog folder has no items.</translation>
    </message>
    <message>
        <source>A catalog item cannot be read.</source>
        <translation>A catalog item cannot be read.</translation>
    </message>
    <message>
        <source>A catalog item is not valid.</source>
        <translation>A catalog item is not valid.</translation>
    </message>
    <message>
        <source>The hub database is not available.</source>
        <translation>The hub database is not available.</translation>
    </message>
    <message>
        <source>The database address is not a postgresql:// URL.</source>
        <translation>The database address is not a postgresql:// URL.</translation>
    </message>
    <message>
        <source>The hub database was made by a newer hub version.</source>
        <translation>The hub database was made by a newer hub version.</translation>
    </message>
    <message>
        <source>A hub key file can be read by other users.</source>
        <translation>A hub key file can be read by other users.</translation>
    </message>
    <message>
        <source>A hub key file cannot be read.</source>
        <translation>A hub key file cannot be read.</translation>
    </message>
    <message>
        <source>A hub key file holds the wrong kind of key.</source>
        <translation>A hub key file holds the wrong kind of key.</translation>
    </message>
    <message>
        <source>The hub key folder cannot be created.</source>
        <translation>The hub key folder cannot be created.</translation>
    </message>
    <message>
        <source>No active device has this id.</source>
        <translation>No active device has this id.</translation>
    </message>
    <message>
        <source>The user name may use letters, digits, dot, dash and underscore.</source>
        <translation>The user name may use letters, digits, dot, dash and underscore.</translation>
    </message>
    <message>
        <source>A reviewer needs a department code.</source>
        <translation>A reviewer needs a department code.</translation>
    </message>
    <message>
        <source>The password must have at least 10 characters.</source>
        <translation>The password must have at least 10 characters.</translation>
    </message>
    <message>
        <source>The password could not be processed.</source>
        <translation>The password could not be processed.</translation>
    </message>
    <message>
        <source>This user name is taken.</source>
        <translation>This user name is taken.</translation>
    </message>
    <message>
        <source>Usage:</source>
        <translation>Usage:</translation>
    </message>
    <message>
        <source>The data folder cannot be created.</source>
        <translation>The data folder cannot be created.</translation>
    </message>
    <message>
        <source>The packet folder does not exist.</source>
        <translation>The packet folder does not exist.</translation>
    </message>
    <message>
        <source>The TLS certificate or key cannot be read.</source>
        <translation>The TLS certificate or key cannot be read.</translation>
    </message>
    <message>
        <source>The hub cannot listen on the given address and port.</source>
        <translation>The hub cannot listen on the given address and port.</translation>
    </message>
    <message>
        <source>The hub&apos;s folder: keys and, without --db, hub.sqlite.</source>
        <translation>The hub&apos;s folder: keys and, without --db, hub.sqlite.</translation>
    </message>
    <message>
        <source>A PostgreSQL database: postgresql://USER[:PASS]@HOST:PORT/DBNAME.</source>
        <translation>A PostgreSQL database: postgresql://USER[:PASS]@HOST:PORT/DBNAME.</translation>
    </message>
    <message>
        <source>The address to listen on (default 127.0.0.1).</source>
        <translation>The address to listen on (default 127.0.0.1).</translation>
    </message>
    <message>
        <source>The port to listen on (default 8443; 0 picks a free port).</source>
        <translation>The port to listen on (default 8443; 0 picks a free port).</translation>
    </message>
    <message>
        <source>Write the port to this file once the hub listens.</source>
        <translation>Write the port to this file once the hub listens.</translation>
    </message>
    <message>
        <source>The TLS certificate chain.</source>
        <translation>The TLS certificate chain.</translation>
    </message>
    <message>
        <source>The TLS private key.</source>
        <translation>The TLS private key.</translation>
    </message>
    <message>
        <source>The largest packet accepted, in bytes (default 4 MiB).</source>
        <translation>The largest packet accepted, in bytes (default 4 MiB).</translation>
    </message>
    <message>
        <source>How long an operator&apos;s sign-in lasts, in seconds (default 8 hours).</source>
        <translation>How long an operator&apos;s sign-in lasts, in seconds (default 8 hours).</translation>
    </message>
    <message>
        <source>How long an account stays locked after failed sign-ins (default 15 minutes).</source>
        <translation>How long an account stays locked after failed sign-ins (default 15 minutes).</translation>
    </message>
    <message>
        <source>How long the enrollment code is valid, in hours (default 24).</source>
        <translation>How long the enrollment code is valid, in hours (default 24).</translation>
    </message>
    <message>
        <source>The operator&apos;s user name.</source>
        <translation>The operator&apos;s user name.</translation>
    </message>
    <message>
        <source>The department whose queue the operator works on.</source>
        <translation>The department whose queue the operator works on.</translation>
    </message>
    <message>
        <source>Run &quot;onewindow-hub COMMAND --help&quot; for the options of a command.</source>
        <translation>Run &quot;onewindow-hub COMMAND --help&quot; for the options of a command.</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Options:</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Show this help.</translation>
    </message>
    <message>
        <source>Run &quot;%1 --help&quot; to see how it is used.</source>
        <translation>Run &quot;%1 --help&quot; to see how it is used.</translation>
    </message>
    <message>
        <source>Unknown option %1.</source>
        <translation>Unknown option %1.</translation>
    </message>
    <message>
        <source>Unknown command %1.</source>
        <translation>Unknown command %1.</translation>
    </message>
    <message>
        <source>Missing value after %1.</source>
        <translation>Missing value after %1.</translation>
    </message>
    <message>
        <source>Unexpected argument %1.</source>
        <translation>Unexpected argument %1.</translation>
    </message>
    <message>
        <source>%1 takes a whole number from %2 to %3, not &quot;%4&quot;.</source>
        <translation>%1 takes a whole number from %2 to %3, not &quot;%4&quot;.</translation>
    </message>
    <message>
        <source>Name the hub&apos;s folder with --data DIR.</source>
        <translation>Name the hub&apos;s folder with --data DIR.</translation>
    </message>
    <message>
        <source>The catalog: a forms folder or its items folder (default: OW_FORMS_DIR, else the installed one).</source>
        <translation>The catalog: a forms folder or its items folder (default: OW_FORMS_DIR, else the installed one).</translation>
    </message>
    <message>
        <source>Missing argument %1.</source>
        <translation>Missing argument %1.</translation>
    </message>
    <message>
        <source>No operator has this user name.</source>
        <translation>No operator has this user name.</translation>
    </message>
    <message>
        <source>How many bytes of unfinished uploads one device may keep (default 256 MiB).</source>
        <translation>How many bytes of unfinished uploads one device may keep (default 256 MiB).</translation>
    </message>
    <message>
        <source>After how many hours an upload never sent with its packet is deleted (default 72).</source>
        <translation>After how many hours an upload never sent with its packet is deleted (default 72).</translation>
    </message>
    <message>
        <source>Ask every client for a certificate issued by one of these and refuse those without.</source>
        <translation>Ask every client for a certificate issued by one of these and refuse those without.</translation>
    </message>
    <message>
        <source>Where /healthz and /metrics are served (default 127.0.0.1 and the port after --port; port 0 picks a free one).</source>
        <translation>Where /healthz and /metrics are served (default 127.0.0.1 and the port after --port; port 0 picks a free one).</translation>
    </message>
    <message>
        <source>Write the administration port to this file.</source>
        <translation>Write the administration port to this file.</translation>
    </message>
    <message>
        <source>The most connections at once (default 1000).</source>
        <translation>The most connections at once (default 1000).</translation>
    </message>
    <message>
        <source>The most connections at once from one address (default 100).</source>
        <translation>The most connections at once from one address (default 100).</translation>
    </message>
    <message>
        <source>Close a connection idle or stalled for this long (default 30).</source>
        <translation>Close a connection idle or stalled for this long (default 30).</translation>
    </message>
    <message>
        <source>Sign-ins accepted a minute from one address (default 30).</source>
        <translation>Sign-ins accepted a minute from one address (default 30).</translation>
    </message>
    <message>
        <source>Sign-ins accepted a minute in all (default 300).</source>
        <translation>Sign-ins accepted a minute in all (default 300).</translation>
    </message>
    <message>
        <source>Request bodies held at once over all connections, in MiB (default 256).</source>
        <translation>Request bodies held at once over all connections, in MiB (default 256).</translation>
    </message>
    <message>
        <source>The client certificate authorities cannot be read.</source>
        <translation>The client certificate authorities cannot be read.</translation>
    </message>
    <message>
        <source>--admin-listen takes HOST:PORT, not &quot;%1&quot;.</source>
        <translation>--admin-listen takes HOST:PORT, not &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>The hub cannot listen on the administration address and port.</source>
        <translation>The hub cannot listen on the administration address and port.</translation>
    </message>
    <message>
        <source>The hub database holds a help request it cannot read.</source>
        <translation>The hub database holds a help request it cannot read.</translation>
    </message>
    <message>
        <source>The help request is not in the expected form.</source>
        <translation>The help request is not in the expected form.</translation>
    </message>
    <message>
        <source>The help request list was asked for in a wrong form.</source>
        <translation>The help request list was asked for in a wrong form.</translation>
    </message>
    <message>
        <source>There is no such help request.</source>
        <translation>There is no such help request.</translation>
    </message>
    <message>
        <source>How many enrollment codes to issue, one a line (default 1), for a batch of devices.</source>
        <translation>How many enrollment codes to issue, one a line (default 1), for a batch of devices.</translation>
    </message>
    <message>
        <source>The role must be reviewer, supervisor or auditor.</source>
        <translation>The role must be reviewer, supervisor or auditor.</translation>
    </message>
    <message>
        <source>The operator&apos;s role: reviewer, supervisor or auditor.</source>
        <translation>The operator&apos;s role: reviewer, supervisor or auditor.</translation>
    </message>
    <message>
        <source>Audit chain intact: %1 entries, %2 sealed, %3 not yet sealed.</source>
        <translation>Audit chain intact: %1 entries, %2 sealed, %3 not yet sealed.</translation>
    </message>
    <message>
        <source>Audit chain broken at entry %1 (seq %2, %3, %4): %5.</source>
        <translation>Audit chain broken at entry %1 (seq %2, %3, %4): %5.</translation>
    </message>
    <message>
        <source>Audit chain broken at seq %1: %2.</source>
        <translation>Audit chain broken at seq %1: %2.</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Enter your ID number</source>
        <translation>Enter your ID number</translation>
    </message>
    <message>
        <source>The 18 characters on your resident ID card. They are shown partly hidden to protect your information.</source>
        <translation>The 18 characters on your resident ID card. They are shown partly hidden to protect your information.</translation>
    </message>
    <message>
        <source>Tap the numbers below</source>
        <translation>Tap the numbers below</translation>
    </message>
    <message>
        <source>%1 of 18 entered</source>
        <translation>%1 of 18 entered</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>ID card read: %1</source>
        <translation>ID card read: %1</translation>
    </message>
    <message>
        <source>Reading the card…</source>
        <translation>Reading the card…</translation>
    </message>
    <message>
        <source>Or place your ID card on the reader</source>
        <translation>Or place your ID card on the reader</translation>
    </message>
    <message>
        <source>Demonstration: the reader is simulated. The demo card is a made-up person.</source>
        <translation>Demonstration: the reader is simulated. The demo card is a made-up person.</translation>
    </message>
    <message>
        <source>Lay the card flat on the reader below the screen and hold it still for a moment.</source>
        <translation>Lay the card flat on the reader below the screen and hold it still for a moment.</translation>
    </message>
    <message>
        <source>Tap demo card</source>
        <translation>Tap demo card</translation>
    </message>
    <message>
        <source>Or scan the barcode of your ID number with the scanner.</source>
        <translation>Or scan the barcode of your ID number with the scanner.</translation>
    </message>
    <message>
        <source>Delete the last character</source>
        <translation>Delete the last character</translation>
    </message>
    <message>
        <source>Check the number above: the form opens by itself.</source>
        <translation>Check the number above: the form opens by itself.</translation>
    </message>
</context>
<context>
    <name>IdentityText</name>
    <message>
        <source>identify a citizen</source>
        <translation>identify a citizen</translation>
    </message>
    <message>
        <source>search cases</source>
        <translation>search cases</translation>
    </message>
    <message>
        <source>take over a kiosk draft</source>
        <translation>take over a kiosk draft</translation>
    </message>
    <message>
        <source>fill in an application form</source>
        <translation>fill in an application form</translation>
    </message>
    <message>
        <source>check a material</source>
        <translation>check a material</translation>
    </message>
    <message>
        <source>accept an application</source>
        <translation>accept an application</translation>
    </message>
    <message>
        <source>refuse an application</source>
        <translation>refuse an application</translation>
    </message>
    <message>
        <source>record corrected materials</source>
        <translation>record corrected materials</translation>
    </message>
    <message>
        <source>issue a result</source>
        <translation>issue a result</translation>
    </message>
    <message>
        <source>view the review queue</source>
        <translation>view the review queue</translation>
    </message>
    <message>
        <source>open a case for review</source>
        <translation>open a case for review</translation>
    </message>
    <message>
        <source>approve a case</source>
        <translation>approve a case</translation>
    </message>
    <message>
        <source>deny a case</source>
        <translation>deny a case</translation>
    </message>
    <message>
        <source>request a correction</source>
        <translation>request a correction</translation>
    </message>
    <message>
        <source>start a special procedure</source>
        <translation>start a special procedure</translation>
    </message>
    <message>
        <source>act on behalf of a citizen</source>
        <translation>act on behalf of a citizen</translation>
    </message>
    <message>
        <source>record an authorisation</source>
        <translation>record an authorisation</translation>
    </message>
    <message>
        <source>submit an application</source>
        <translation>submit an application</translation>
    </message>
    <message>
        <source>view the hall&apos;s statistics</source>
        <translation>view the hall&apos;s statistics</translation>
    </message>
    <message>
        <source>follow up a rating</source>
        <translation>follow up a rating</translation>
    </message>
    <message>
        <source>export statistics</source>
        <translation>export statistics</translation>
    </message>
    <message>
        <source>browse the audit trail</source>
        <translation>browse the audit trail</translation>
    </message>
    <message>
        <source>verify the audit trail</source>
        <translation>verify the audit trail</translation>
    </message>
    <message>
        <source>manage operator accounts</source>
        <translation>manage operator accounts</translation>
    </message>
    <message>
        <source>reset a password</source>
        <translation>reset a password</translation>
    </message>
    <message>
        <source>configure this device</source>
        <translation>configure this device</translation>
    </message>
    <message>
        <source>manage the service catalog</source>
        <translation>manage the service catalog</translation>
    </message>
    <message>
        <source>view your own activity</source>
        <translation>view your own activity</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>Your role (%1) may not %2.</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>It is not known which department this case belongs to, so you may not %1. Open it again from your department&apos;s queue.</source>
        <translation>It is not known which department this case belongs to, so you may not %1. Open it again from your department&apos;s queue.</translation>
    </message>
    <message>
        <source>This case belongs to another department. You may %1 only for cases of your own department.</source>
        <translation>This case belongs to another department. You may %1 only for cases of your own department.</translation>
    </message>
    <message>
        <source>Nobody may %1 for their own account. Ask another administrator.</source>
        <translation>Nobody may %1 for their own account. Ask another administrator.</translation>
    </message>
    <message>
        <source>An operator account needs a user name.</source>
        <translation>An operator account needs a user name.</translation>
    </message>
    <message>
        <source>An operator account needs a role.</source>
        <translation>An operator account needs a role.</translation>
    </message>
    <message>
        <source>The role %1 cannot be combined with other roles on one account: administration, audit and case work are kept apart.</source>
        <translation>The role %1 cannot be combined with other roles on one account: administration, audit and case work are kept apart.</translation>
    </message>
    <message>
        <source>A department reviewer needs a department.</source>
        <translation>A department reviewer needs a department.</translation>
    </message>
    <message>
        <source>This operator account is not known on this desk.</source>
        <translation>This operator account is not known on this desk.</translation>
    </message>
    <message>
        <source>The operator&apos;s password could not be saved.</source>
        <translation>The operator&apos;s password could not be saved.</translation>
    </message>
    <message>
        <source>The operator accounts on this desk are damaged.</source>
        <translation>The operator accounts on this desk are damaged.</translation>
    </message>
    <message>
        <source>The password must have at least %1 characters.</source>
        <translation>The password must have at least %1 characters.</translation>
    </message>
    <message>
        <source>The password must mix at least three of these: lower-case letters, capital letters, digits and other characters.</source>
        <translation>The password must mix at least three of these: lower-case letters, capital letters, digits and other characters.</translation>
    </message>
    <message>
        <source>The password must not contain the user name.</source>
        <translation>The password must not contain the user name.</translation>
    </message>
    <message numerus="yes">
        <source>The password must differ from your last %n password(s).</source>
        <translation>
            <numerusform>The password must differ from your last password.</numerusform>
            <numerusform>The password must differ from your last %n passwords.</numerusform>
        </translation>
    </message>
    <message>
        <source>Signing in is not possible on this desk right now. Please try again.</source>
        <translation>Signing in is not possible on this desk right now. Please try again.</translation>
    </message>
    <message>
        <source>The user name or the password is wrong.</source>
        <translation>The user name or the password is wrong.</translation>
    </message>
    <message numerus="yes">
        <source>%n more failed sign-in(s) will lock the account.</source>
        <translation>
            <numerusform>%n more failed sign-in will lock the account.</numerusform>
            <numerusform>%n more failed sign-ins will lock the account.</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many failed sign-ins. The account is locked until %1.</source>
        <translation>Too many failed sign-ins. The account is locked until %1.</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Your session has ended. Please sign in again.</translation>
    </message>
    <message>
        <source>The password could not be changed on this desk.</source>
        <translation>The password could not be changed on this desk.</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>The current password is wrong.</translation>
    </message>
</context>
<context>
    <name>IdleCountdown</name>
    <message>
        <source>Need more time?</source>
        <translation>Need more time?</translation>
    </message>
    <message numerus="yes">
        <source>In %n second(s) this kiosk returns to the start and clears what you entered.</source>
        <translation>
            <numerusform>In %n second this kiosk returns to the start and clears what you entered.</numerusform>
            <numerusform>In %n seconds this kiosk returns to the start and clears what you entered.</numerusform>
        </translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>Yes, I need more time</translation>
    </message>
    <message>
        <source>No, I am done</source>
        <translation>No, I am done</translation>
    </message>
</context>
<context>
    <name>InputText</name>
    <message>
        <source>Chinese input is not available.</source>
        <translation>Chinese input is not available.</translation>
    </message>
    <message>
        <source>Chinese input is not available: its dictionary is not installed.</source>
        <translation>Chinese input is not available: its dictionary is not installed.</translation>
    </message>
    <message>
        <source>Chinese input is not available until the kiosk restarts.</source>
        <translation>Chinese input is not available until the kiosk restarts.</translation>
    </message>
    <message>
        <source>Chinese input is already in use.</source>
        <translation>Chinese input is already in use.</translation>
    </message>
    <message>
        <source>Chinese input could not start.</source>
        <translation>Chinese input could not start.</translation>
    </message>
    <message>
        <source>Chinese input is not available: its dictionary is damaged.</source>
        <translation>Chinese input is not available: its dictionary is damaged.</translation>
    </message>
</context>
<context>
    <name>IssuePage</name>
    <message>
        <source>Issue results</source>
        <translation>Issue results</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) to hand over</source>
        <translation>
            <numerusform>%n case(s) to hand over</numerusform>
            <numerusform>%n case(s) to hand over</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to send to the county hub</source>
        <translation>
            <numerusform>%n waiting to send to the county hub</numerusform>
            <numerusform>%n waiting to send to the county hub</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything sent to the county hub</source>
        <translation>Everything sent to the county hub</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>Service item</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>Decided</translation>
    </message>
    <message>
        <source>No decided case waits to be handed over.</source>
        <translation>No decided case waits to be handed over.</translation>
    </message>
    <message>
        <source>Choose a case on the left to hand its result over.</source>
        <translation>Choose a case on the left to hand its result over.</translation>
    </message>
    <message>
        <source>%1 · %2 · applicant %3</source>
        <translation>%1 · %2 · applicant %3</translation>
    </message>
    <message>
        <source>Collected in person</source>
        <translation>Collected in person</translation>
    </message>
    <message>
        <source>Mailed</source>
        <translation>Mailed</translation>
    </message>
    <message>
        <source>Who collects the result</source>
        <translation>Who collects the result</translation>
    </message>
    <message>
        <source>Name of the applicant or the agent</source>
        <translation>Name of the applicant or the agent</translation>
    </message>
    <message>
        <source>Their ID number</source>
        <translation>Their ID number</translation>
    </message>
    <message>
        <source>ID number (kept masked in the case&apos;s history)</source>
        <translation>ID number (kept masked in the case&apos;s history)</translation>
    </message>
    <message>
        <source>Tracking number</source>
        <translation>Tracking number</translation>
    </message>
    <message>
        <source>Tracking number of the mailing</source>
        <translation>Tracking number of the mailing</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Issue</translation>
    </message>
    <message>
        <source>Print the acceptance papers again</source>
        <translation>Print the acceptance papers again</translation>
    </message>
    <message numerus="yes">
        <source>In a special procedure (%n)</source>
        <translation>
            <numerusform>In a special procedure (%n)</numerusform>
            <numerusform>In a special procedure (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Ask for a rating</source>
        <translation>Ask for a rating</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>X (check digit)</source>
        <translation>X (check digit)</translation>
    </message>
    <message>
        <source>Decimal point</source>
        <translation>Decimal point</translation>
    </message>
    <message>
        <source>%1 of %2 characters</source>
        <translation>%1 of %2 characters</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Pinyin</source>
        <translation>Pinyin</translation>
    </message>
    <message>
        <source>Pinyin input</source>
        <translation>Pinyin input</translation>
    </message>
    <message>
        <source>English letters</source>
        <translation>English letters</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
</context>
<context>
    <name>KeysText</name>
    <message>
        <source>The store key could not be read. The store stays locked.</source>
        <translation>The store key could not be read. The store stays locked.</translation>
    </message>
    <message>
        <source>The key file can be read by other users. Restrict it to the service user (chmod 600) and try again.</source>
        <translation>The key file can be read by other users. Restrict it to the service user (chmod 600) and try again.</translation>
    </message>
    <message>
        <source>The passphrase must not be empty.</source>
        <translation>The passphrase must not be empty.</translation>
    </message>
    <message>
        <source>Enter the new passphrase.</source>
        <translation>Enter the new passphrase.</translation>
    </message>
</context>
<context>
    <name>KioskOptions</name>
    <message>
        <source>Run &quot;onewindow-kiosk --help&quot; to see how it is used.</source>
        <translation>Run &quot;onewindow-kiosk --help&quot; to see how it is used.</translation>
    </message>
    <message>
        <source>OneWindow self-service kiosk for citizens.</source>
        <translation>OneWindow self-service kiosk for citizens.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Show this help.</translation>
    </message>
    <message>
        <source>Run in a window instead of full screen.</source>
        <translation>Run in a window instead of full screen.</translation>
    </message>
    <message>
        <source>Lay out for a portrait screen (1080×1920).</source>
        <translation>Lay out for a portrait screen (1080×1920).</translation>
    </message>
    <message>
        <source>Lay out for a landscape screen (1920×1080).</source>
        <translation>Lay out for a landscape screen (1920×1080).</translation>
    </message>
    <message>
        <source>The service catalog folder.</source>
        <translation>The service catalog folder.</translation>
    </message>
    <message>
        <source>End a visit after this many seconds without a touch (%1 to %2, default %3).</source>
        <translation>End a visit after this many seconds without a touch (%1 to %2, default %3).</translation>
    </message>
    <message>
        <source>Demonstration mode: marked as such on every screen.</source>
        <translation>Demonstration mode: marked as such on every screen.</translation>
    </message>
    <message>
        <source>Unknown option %1.</source>
        <translation>Unknown option %1.</translation>
    </message>
    <message>
        <source>Unexpected argument &quot;%1&quot;.</source>
        <translation>Unexpected argument &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Give either --portrait or --landscape, not both.</source>
        <translation>Give either --portrait or --landscape, not both.</translation>
    </message>
    <message>
        <source>--idle-seconds takes a whole number from %1 to %2, not &quot;%3&quot;.</source>
        <translation>--idle-seconds takes a whole number from %1 to %2, not &quot;%3&quot;.</translation>
    </message>
    <message>
        <source>No service items could be loaded from %1.</source>
        <translation>No service items could be loaded from %1.</translation>
    </message>
    <message>
        <source>The folder of the encrypted case store and its key file.</source>
        <translation>The folder of the encrypted case store and its key file.</translation>
    </message>
    <message>
        <source>The county hub&apos;s address; cases are sent there once this kiosk is enrolled (onewindow sync enroll).</source>
        <translation>The county hub&apos;s address; cases are sent there once this kiosk is enrolled (onewindow sync enroll).</translation>
    </message>
    <message>
        <source>The hub&apos;s public key: sha256//BASE64 or a PEM file.</source>
        <translation>The hub&apos;s public key: sha256//BASE64 or a PEM file.</translation>
    </message>
    <message>
        <source>Certificates to trust for the hub&apos;s TLS, in PEM.</source>
        <translation>Certificates to trust for the hub&apos;s TLS, in PEM.</translation>
    </message>
    <message>
        <source>Read a new admin PIN (6 to 12 digits) from standard input, save it and exit.</source>
        <translation>Read a new admin PIN (6 to 12 digits) from standard input, save it and exit.</translation>
    </message>
    <message>
        <source>Refuse applications when the data folder has less free space than this (default %1 MB).</source>
        <translation>Refuse applications when the data folder has less free space than this (default %1 MB).</translation>
    </message>
    <message>
        <source>Shown when the kiosk is out of service: where to go or whom to call.</source>
        <translation>Shown when the kiosk is out of service: where to go or whom to call.</translation>
    </message>
    <message>
        <source>--min-free-mb takes a whole number of megabytes, not &quot;%1&quot;.</source>
        <translation>--min-free-mb takes a whole number of megabytes, not &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>--hub takes an address such as https://hub.example:8443, not &quot;%1&quot;.</source>
        <translation>--hub takes an address such as https://hub.example:8443, not &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>The serial device of the ID card reader, e.g. /dev/ttyUSB0. In demonstration mode without it, a simulated reader with demo cards.</source>
        <translation>The serial device of the ID card reader, e.g. /dev/ttyUSB0. In demonstration mode without it, a simulated reader with demo cards.</translation>
    </message>
    <message>
        <source>Demonstration: take the pictures of materials from the images in this folder instead of a camera.</source>
        <translation>Demonstration: take the pictures of materials from the images in this folder instead of a camera.</translation>
    </message>
    <message>
        <source>--card-reader needs the reader&apos;s device, e.g. /dev/ttyUSB0.</source>
        <translation>--card-reader needs the reader&apos;s device, e.g. /dev/ttyUSB0.</translation>
    </message>
    <message>
        <source>--camera-dir is for demonstrations only; give --demo as well.</source>
        <translation>--camera-dir is for demonstrations only; give --demo as well.</translation>
    </message>
    <message>
        <source>How many days a pickup code for continuing at the service window is valid (1 to %1, default %2).</source>
        <translation>How many days a pickup code for continuing at the service window is valid (1 to %1, default %2).</translation>
    </message>
    <message>
        <source>--pickup-days takes a whole number from 1 to %1, not &quot;%2&quot;.</source>
        <translation>--pickup-days takes a whole number from 1 to %1, not &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>The village helper&apos;s phone number, shown when a citizen calls for help and the county hub cannot be reached.</source>
        <translation>The village helper&apos;s phone number, shown when a citizen calls for help and the county hub cannot be reached.</translation>
    </message>
    <message>
        <source>Start every visit in elder mode: larger type, one question per page, more time. The home screen&apos;s tile still switches it for one visit.</source>
        <translation>Start every visit in elder mode: larger type, one question per page, more time. The home screen&apos;s tile still switches it for one visit.</translation>
    </message>
</context>
<context>
    <name>KioskShell</name>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Demonstration: nothing is sent to any department</source>
        <translation>Demonstration: nothing is sent to any department</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>OneWindow self-service</source>
        <translation>OneWindow self-service</translation>
    </message>
    <message>
        <source>OneWindow desk</source>
        <translation>OneWindow desk</translation>
    </message>
</context>
<context>
    <name>MaintenancePinPad</name>
    <message>
        <source>Maintenance</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>Enter the admin PIN.</source>
        <translation>Enter the admin PIN.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>MaintenanceScreen</name>
    <message>
        <source>Maintenance</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Export waiting packets to a USB drive:</source>
        <translation>Export waiting packets to a USB drive:</translation>
    </message>
    <message>
        <source>No USB drive found. Insert one and tap Refresh.</source>
        <translation>No USB drive found. Insert one and tap Refresh.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Back to the citizens&apos; screen</source>
        <translation>Back to the citizens&apos; screen</translation>
    </message>
    <message>
        <source>Quit to the desktop</source>
        <translation>Quit to the desktop</translation>
    </message>
    <message>
        <source>Voice: %1</source>
        <translation>Voice: %1</translation>
    </message>
    <message>
        <source>Quieter</source>
        <translation>Quieter</translation>
    </message>
    <message>
        <source>Volume %1%</source>
        <translation>Volume %1%</translation>
    </message>
    <message>
        <source>Louder</source>
        <translation>Louder</translation>
    </message>
    <message>
        <source>Test the voice</source>
        <translation>Test the voice</translation>
    </message>
</context>
<context>
    <name>MaterialText</name>
    <message>
        <source>“%1” is required: record how it was received.</source>
        <translation>“%1” is required: record how it was received.</translation>
    </message>
    <message>
        <source>“%1”: enter the number of the electronic licence.</source>
        <translation>“%1”: enter the number of the electronic licence.</translation>
    </message>
    <message>
        <source>“%1”: the scan is missing.</source>
        <translation>“%1”: the scan is missing.</translation>
    </message>
    <message>
        <source>“%1”: the scan is too large (at most %2 MB).</source>
        <translation>“%1”: the scan is too large (at most %2 MB).</translation>
    </message>
    <message>
        <source>“%1”: the file is not a picture or a PDF.</source>
        <translation>“%1”: the file is not a picture or a PDF.</translation>
    </message>
    <message>
        <source>“%1” is accepted as missing (容缺): give the date it will be brought, within %2 days.</source>
        <translation>“%1” is accepted as missing (容缺): give the date it will be brought, within %2 days.</translation>
    </message>
    <message>
        <source>“%1” is accepted as missing (容缺): the applicant&apos;s signed pledge is needed.</source>
        <translation>“%1” is accepted as missing (容缺): the applicant&apos;s signed pledge is needed.</translation>
    </message>
    <message>
        <source>“%1” is replaced by a pledge (告知承诺): the applicant&apos;s signed pledge is needed.</source>
        <translation>“%1” is replaced by a pledge (告知承诺): the applicant&apos;s signed pledge is needed.</translation>
    </message>
</context>
<context>
    <name>MaterialsScreen</name>
    <message>
        <source>Materials for your application</source>
        <translation>Materials for your application</translation>
    </message>
    <message>
        <source>Demonstration: “Take a picture” uses sample pictures instead of the camera.</source>
        <translation>Demonstration: “Take a picture” uses sample pictures instead of the camera.</translation>
    </message>
    <message>
        <source>Hold each paper flat under the camera and tap “Take a picture”. With an electronic licence code, scan the code instead: no paper is needed.</source>
        <translation>Hold each paper flat under the camera and tap “Take a picture”. With an electronic licence code, scan the code instead: no paper is needed.</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>Picture taken</source>
        <translation>Picture taken</translation>
    </message>
    <message>
        <source>E-licence used, no paper needed (issued by %1)</source>
        <translation>E-licence used, no paper needed (issued by %1)</translation>
    </message>
    <message>
        <source>Read from your ID card at this kiosk: no paper needed</source>
        <translation>Read from your ID card at this kiosk: no paper needed</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>Not given</translation>
    </message>
    <message>
        <source>Take a picture, or scan its e-licence code</source>
        <translation>Take a picture, or scan its e-licence code</translation>
    </message>
    <message>
        <source>Take a picture</source>
        <translation>Take a picture</translation>
    </message>
    <message>
        <source>Take again</source>
        <translation>Take again</translation>
    </message>
    <message>
        <source>Leave out</source>
        <translation>Leave out</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Picture taken on the form at this kiosk: no paper needed</source>
        <translation>Picture taken on the form at this kiosk: no paper needed</translation>
    </message>
    <message>
        <source>Still to give: %1</source>
        <translation>Still to give: %1</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>Previous candidates</source>
        <translation>Previous candidates</translation>
    </message>
    <message>
        <source>Candidate %1: %2</source>
        <translation>Candidate %1: %2</translation>
    </message>
    <message>
        <source>More candidates</source>
        <translation>More candidates</translation>
    </message>
    <message>
        <source>Syllable separator</source>
        <translation>Syllable separator</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Pinyin</source>
        <translation>Pinyin</translation>
    </message>
    <message>
        <source>Pinyin input</source>
        <translation>Pinyin input</translation>
    </message>
    <message>
        <source>English letters</source>
        <translation>English letters</translation>
    </message>
    <message>
        <source>Digits</source>
        <translation>Digits</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>OneWindow</source>
        <translation>OneWindow</translation>
    </message>
    <message>
        <source>暂停服务
Out of service</source>
        <comment>both languages at once on purpose: nobody can switch language on this screen</comment>
        <translation>暂停服务
Out of service</translation>
    </message>
    <message>
        <source>本机暂时无法办理业务，您的信息没有被收集。
This kiosk cannot take applications right now. Nothing about you has been collected.</source>
        <comment>both languages at once on purpose: nobody can switch language on this screen</comment>
        <translation>本机暂时无法办理业务，您的信息没有被收集。
This kiosk cannot take applications right now. Nothing about you has been collected.</translation>
    </message>
    <message>
        <source>请到乡镇便民服务中心或县政务服务大厅办理。
Please go to the township service centre or the county service hall.</source>
        <comment>both languages at once on purpose: nobody can switch language on this screen</comment>
        <translation>请到乡镇便民服务中心或县政务服务大厅办理。
Please go to the township service centre or the county service hall.</translation>
    </message>
    <message>
        <source>终端编号 Kiosk: %1</source>
        <comment>both languages at once on purpose: nobody can switch language on this screen</comment>
        <translation>终端编号 Kiosk: %1</translation>
    </message>
</context>
<context>
    <name>PickupConfirm</name>
    <message>
        <source>Continue at the service window?</source>
        <translation>Continue at the service window?</translation>
    </message>
    <message numerus="yes">
        <source>Your answers and the materials you have photographed so far are saved on this kiosk, encrypted. You get a pickup code: show it at the service window, and the staff continue your application from where you stopped. The code is valid for %n day(s).</source>
        <translation>
            <numerusform>Your answers and the materials you have photographed so far are saved on this kiosk, encrypted. You get a pickup code: show it at the service window, and the staff continue your application from where you stopped. The code is valid for %n day(s).</numerusform>
            <numerusform>Your answers and the materials you have photographed so far are saved on this kiosk, encrypted. You get a pickup code: show it at the service window, and the staff continue your application from where you stopped. The code is valid for %n day(s).</numerusform>
        </translation>
    </message>
    <message>
        <source>Save and get a pickup code</source>
        <translation>Save and get a pickup code</translation>
    </message>
    <message>
        <source>Keep filling in here</source>
        <translation>Keep filling in here</translation>
    </message>
</context>
<context>
    <name>PickupScreen</name>
    <message>
        <source>Saved: continue at the service window</source>
        <translation>Saved: continue at the service window</translation>
    </message>
    <message>
        <source>Pickup code</source>
        <translation>Pickup code</translation>
    </message>
    <message>
        <source>Valid until %1</source>
        <translation>Valid until %1</translation>
    </message>
    <message>
        <source>What to bring to the window</source>
        <translation>What to bring to the window</translation>
    </message>
    <message>
        <source>This code (the printed slip or a photograph of it), your ID card, and the original materials the service asks for. Go to the county hall&apos;s service window or the village service point before the date above; after it the saved answers are deleted and must be filled in again.</source>
        <translation>This code (the printed slip or a photograph of it), your ID card, and the original materials the service asks for. Go to the county hall&apos;s service window or the village service point before the date above; after it the saved answers are deleted and must be filled in again.</translation>
    </message>
    <message>
        <source>Your pickup code stays on this screen: you can photograph it or write down the short code, or print it again.</source>
        <translation>Your pickup code stays on this screen: you can photograph it or write down the short code, or print it again.</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>Print again</translation>
    </message>
    <message>
        <source>Print slip</source>
        <translation>Print slip</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>PickupText</name>
    <message>
        <source>This kiosk is not yet connected to the county hub, so it cannot issue a pickup code. Please ask staff for help.</source>
        <translation>This kiosk is not yet connected to the county hub, so it cannot issue a pickup code. Please ask staff for help.</translation>
    </message>
    <message>
        <source>This kiosk cannot issue pickup codes right now.</source>
        <translation>This kiosk cannot issue pickup codes right now.</translation>
    </message>
    <message>
        <source>This is not a pickup code. Please scan the code on the pickup slip.</source>
        <translation>This is not a pickup code. Please scan the code on the pickup slip.</translation>
    </message>
    <message>
        <source>This pickup code is not valid.</source>
        <translation>This pickup code is not valid.</translation>
    </message>
    <message>
        <source>No saved application has this pickup code. Please check the code, or scan the QR code on the slip.</source>
        <translation>No saved application has this pickup code. Please check the code, or scan the QR code on the slip.</translation>
    </message>
</context>
<context>
    <name>PrintText</name>
    <message>
        <source>OneWindow government services</source>
        <translation>OneWindow government services</translation>
    </message>
    <message>
        <source>This document was not printed: it would show a full ID number. Please ask staff for help.</source>
        <translation>This document was not printed: it would show a full ID number. Please ask staff for help.</translation>
    </message>
    <message>
        <source>The code for this document is not valid.</source>
        <translation>The code for this document is not valid.</translation>
    </message>
    <message>
        <source>There is no case number to print.</source>
        <translation>There is no case number to print.</translation>
    </message>
    <message>
        <source>Application receipt</source>
        <translation>Application receipt</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Submitted on</source>
        <translation>Submitted on</translation>
    </message>
    <message>
        <source>Promised time</source>
        <translation>Promised time</translation>
    </message>
    <message>
        <source>On the spot</source>
        <translation>On the spot</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n working day</numerusform>
            <numerusform>%n working days</numerusform>
        </translation>
    </message>
    <message>
        <source>Decision due by</source>
        <translation>Decision due by</translation>
    </message>
    <message>
        <source>What happens next</source>
        <translation>What happens next</translation>
    </message>
    <message>
        <source>The department reviews your application within the promised time. You can ask about its progress at any village kiosk or at the county hall&apos;s service window with this receipt. Bring your ID card and the original materials when you collect the result.</source>
        <translation>The department reviews your application within the promised time. You can ask about its progress at any village kiosk or at the county hall&apos;s service window with this receipt. Bring your ID card and the original materials when you collect the result.</translation>
    </message>
    <message>
        <source>Signed receipt code: scan it at a kiosk or a service window to look up this case.</source>
        <translation>Signed receipt code: scan it at a kiosk or a service window to look up this case.</translation>
    </message>
    <message>
        <source>This receipt has no signed code yet because this kiosk is not connected to the county hub. Keep the case number.</source>
        <translation>This receipt has no signed code yet because this kiosk is not connected to the county hub. Keep the case number.</translation>
    </message>
    <message>
        <source>Keep this receipt. Your ID number is printed partly hidden, as the law on personal information requires.</source>
        <translation>Keep this receipt. Your ID number is printed partly hidden, as the law on personal information requires.</translation>
    </message>
    <message>
        <source>Pickup code for your saved application</source>
        <translation>Pickup code for your saved application</translation>
    </message>
    <message>
        <source>Pickup code</source>
        <translation>Pickup code</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>Scan this code at a kiosk or show it at a service window to continue your application.</source>
        <translation>Scan this code at a kiosk or show it at a service window to continue your application.</translation>
    </message>
    <message>
        <source>Anyone holding this slip can continue the application: keep it safe. After the date above the saved answers are deleted.</source>
        <translation>Anyone holding this slip can continue the application: keep it safe. After the date above the saved answers are deleted.</translation>
    </message>
    <message>
        <source>What is collected</source>
        <translation>What is collected</translation>
    </message>
    <message>
        <source>Your name, ID number, phone, address and the answers of this form. Your ID number is sensitive personal information; it is stored encrypted on this kiosk and shown only partly hidden.</source>
        <translation>Your name, ID number, phone, address and the answers of this form. Your ID number is sensitive personal information; it is stored encrypted on this kiosk and shown only partly hidden.</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Only to handle this application (%1) and to tell you its progress.</source>
        <translation>Only to handle this application (%1) and to tell you its progress.</translation>
    </message>
    <message>
        <source>How long it is kept</source>
        <translation>How long it is kept</translation>
    </message>
    <message>
        <source>On this kiosk only until the department has received it; the department keeps the case file for the period the law sets for it, then deletes it.</source>
        <translation>On this kiosk only until the department has received it; the department keeps the case file for the period the law sets for it, then deletes it.</translation>
    </message>
    <message>
        <source>Who sees it</source>
        <translation>Who sees it</translation>
    </message>
    <message>
        <source>The staff of the department that handles it and the service window; every reading is recorded, and you can ask how your data was used.</source>
        <translation>The staff of the department that handles it and the service window; every reading is recorded, and you can ask how your data was used.</translation>
    </message>
    <message>
        <source>Your rights</source>
        <translation>Your rights</translation>
    </message>
    <message>
        <source>Under the Personal Information Protection Law you may see, copy and correct your information, ask how it was used, and withdraw your consent for what has not yet been done; ask at the service window.</source>
        <translation>Under the Personal Information Protection Law you may see, copy and correct your information, ask how it was used, and withdraw your consent for what has not yet been done; ask at the service window.</translation>
    </message>
    <message>
        <source>How your personal information is used</source>
        <translation>How your personal information is used</translation>
    </message>
    <message>
        <source>This notice was shown on screen before your information was collected; this copy is yours to keep.</source>
        <translation>This notice was shown on screen before your information was collected; this copy is yours to keep.</translation>
    </message>
    <message>
        <source>The code for this document could not be made.</source>
        <translation>The code for this document could not be made.</translation>
    </message>
    <message>
        <source>The document could not be opened for printing.</source>
        <translation>The document could not be opened for printing.</translation>
    </message>
    <message>
        <source>The printer did not take the next page.</source>
        <translation>The printer did not take the next page.</translation>
    </message>
    <message>
        <source>The document could not be finished.</source>
        <translation>The document could not be finished.</translation>
    </message>
    <message>
        <source>The PDF file could not be written to %1.</source>
        <translation>The PDF file could not be written to %1.</translation>
    </message>
    <message>
        <source>The printer is not ready: it may be out of paper, jammed or open. Please tell staff.</source>
        <translation>The printer is not ready: it may be out of paper, jammed or open. Please tell staff.</translation>
    </message>
    <message>
        <source>No printer is set up here.</source>
        <translation>No printer is set up here.</translation>
    </message>
    <message>
        <source>The printer is not connected or not set up.</source>
        <translation>The printer is not connected or not set up.</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>Printed. Please take your paper from the printer.</source>
        <translation>Printed. Please take your paper from the printer.</translation>
    </message>
    <message>
        <source>Saved as PDF.</source>
        <translation>Saved as PDF.</translation>
    </message>
    <message>
        <source>Printing is not installed on this machine. Please tell staff.</source>
        <translation>Printing is not installed on this machine. Please tell staff.</translation>
    </message>
    <message>
        <source>Acceptance notice</source>
        <translation>Acceptance notice</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Accepted on</source>
        <translation>Accepted on</translation>
    </message>
    <message>
        <source>Materials received</source>
        <translation>Materials received</translation>
    </message>
    <message>
        <source>%1, to be brought by %2</source>
        <translation>%1, to be brought by %2</translation>
    </message>
    <message>
        <source>Your application was accepted with materials to follow (容缺受理). Bring them by the date shown, as you pledged; the department decides once they are in.</source>
        <translation>Your application was accepted with materials to follow (容缺受理). Bring them by the date shown, as you pledged; the department decides once they are in.</translation>
    </message>
    <message>
        <source>Some materials were replaced by your written pledge (告知承诺). If what you pledged proves untrue, the decision can be withdrawn.</source>
        <translation>Some materials were replaced by your written pledge (告知承诺). If what you pledged proves untrue, the decision can be withdrawn.</translation>
    </message>
    <message>
        <source>Keep this notice. Your ID number is printed partly hidden, as the law on personal information requires.</source>
        <translation>Keep this notice. Your ID number is printed partly hidden, as the law on personal information requires.</translation>
    </message>
    <message>
        <source>Not received</source>
        <translation>Not received</translation>
    </message>
    <message>
        <source>Not given (optional)</source>
        <translation>Not given (optional)</translation>
    </message>
    <message>
        <source>Paper original seen (原件已核验)</source>
        <translation>Paper original seen (原件已核验)</translation>
    </message>
    <message>
        <source>Electronic licence reused (免证办)</source>
        <translation>Electronic licence reused (免证办)</translation>
    </message>
    <message>
        <source>Electronic licence %1 reused (免证办)</source>
        <translation>Electronic licence %1 reused (免证办)</translation>
    </message>
    <message>
        <source>Scanned and kept with the case</source>
        <translation>Scanned and kept with the case</translation>
    </message>
    <message>
        <source>Missing, accepted (容缺): bring it by %1</source>
        <translation>Missing, accepted (容缺): bring it by %1</translation>
    </message>
    <message>
        <source>Missing, accepted (容缺)</source>
        <translation>Missing, accepted (容缺)</translation>
    </message>
    <message>
        <source>Replaced by your written pledge (告知承诺)</source>
        <translation>Replaced by your written pledge (告知承诺)</translation>
    </message>
    <message>
        <source>There are no materials to list on the receipt.</source>
        <translation>There are no materials to list on the receipt.</translation>
    </message>
    <message>
        <source>Materials receipt</source>
        <translation>Materials receipt</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>Received on</translation>
    </message>
    <message>
        <source>Received by</source>
        <translation>Received by</translation>
    </message>
    <message>
        <source>Materials and how they were received</source>
        <translation>Materials and how they were received</translation>
    </message>
    <message>
        <source>Bring the materials marked 容缺 to this window by the date shown. Originals seen at the window were handed back to you.</source>
        <translation>Bring the materials marked 容缺 to this window by the date shown. Originals seen at the window were handed back to you.</translation>
    </message>
    <message>
        <source>Originals seen at the window were handed back to you.</source>
        <translation>Originals seen at the window were handed back to you.</translation>
    </message>
    <message>
        <source>You signed a written pledge for the materials marked 容缺 or 告知承诺.</source>
        <translation>You signed a written pledge for the materials marked 容缺 or 告知承诺.</translation>
    </message>
    <message>
        <source>Keep this receipt with your acceptance notice. Your ID number is printed partly hidden, as the law on personal information requires.</source>
        <translation>Keep this receipt with your acceptance notice. Your ID number is printed partly hidden, as the law on personal information requires.</translation>
    </message>
    <message>
        <source>There is no reason to print on the refusal notice.</source>
        <translation>There is no reason to print on the refusal notice.</translation>
    </message>
    <message>
        <source>Notice of refusal to accept an application</source>
        <translation>Notice of refusal to accept an application</translation>
    </message>
    <message>
        <source>Decided on</source>
        <translation>Decided on</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>Your application was not accepted (不予受理), for the reason below.</source>
        <translation>Your application was not accepted (不予受理), for the reason below.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>If you disagree with this decision, you may apply for administrative reconsideration within 60 days of receiving this notice, or bring an administrative suit before a people&apos;s court within six months, according to law.</source>
        <translation>If you disagree with this decision, you may apply for administrative reconsideration within 60 days of receiving this notice, or bring an administrative suit before a people&apos;s court within six months, according to law.</translation>
    </message>
    <message>
        <source>Agent (village helper)</source>
        <translation>Agent (village helper)</translation>
    </message>
</context>
<context>
    <name>ProgressScreen</name>
    <message>
        <source>Check progress</source>
        <translation>Check progress</translation>
    </message>
    <message>
        <source>Asking the county hub…</source>
        <translation>Asking the county hub…</translation>
    </message>
    <message>
        <source>Hold the code on your receipt under the scanner below the screen.</source>
        <translation>Hold the code on your receipt under the scanner below the screen.</translation>
    </message>
    <message>
        <source>Any receipt from a OneWindow kiosk or service window of this county works here. No personal data is shown.</source>
        <translation>Any receipt from a OneWindow kiosk or service window of this county works here. No personal data is shown.</translation>
    </message>
    <message>
        <source>Demonstration: look up the last receipt of this kiosk</source>
        <translation>Demonstration: look up the last receipt of this kiosk</translation>
    </message>
    <message>
        <source>Case number %1</source>
        <translation>Case number %1</translation>
    </message>
    <message>
        <source>The clock is paused until this step is done</source>
        <translation>The clock is paused until this step is done</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Steps</translation>
    </message>
    <message>
        <source>Who used your application&apos;s data</source>
        <translation>Who used your application&apos;s data</translation>
    </message>
</context>
<context>
    <name>ProtocolText</name>
    <message>
        <source>A message exchanged with the county hub is not in the expected form.</source>
        <translation>A message exchanged with the county hub is not in the expected form.</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <source>Review queue</source>
        <translation>Review queue</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n case(s)</numerusform>
            <numerusform>%n case(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>Asking the county hub…</source>
        <translation>Asking the county hub…</translation>
    </message>
    <message>
        <source>County hub unreachable · list as of %1</source>
        <translation>County hub unreachable · list as of %1</translation>
    </message>
    <message>
        <source>County hub unreachable · no list fetched yet</source>
        <translation>County hub unreachable · no list fetched yet</translation>
    </message>
    <message>
        <source>Refreshed %1</source>
        <translation>Refreshed %1</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>Service item</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>Promised</translation>
    </message>
    <message>
        <source>Statutory</source>
        <translation>Statutory</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>The queue comes from the county hub, which cannot be reached now. Press F5 to try again.</source>
        <translation>The queue comes from the county hub, which cannot be reached now. Press F5 to try again.</translation>
    </message>
    <message>
        <source>No cases wait for your department.</source>
        <translation>No cases wait for your department.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n case(s) shown</source>
        <translation>
            <numerusform>%1 of %n case(s) shown</numerusform>
            <numerusform>%1 of %n case(s) shown</numerusform>
        </translation>
    </message>
    <message>
        <source>Filter the queue</source>
        <translation>Filter the queue</translation>
    </message>
    <message>
        <source>Case number or service item  (Ctrl+F)</source>
        <translation>Case number or service item  (Ctrl+F)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Waiting for a decision</source>
        <translation>Waiting for a decision</translation>
    </message>
    <message>
        <source>Due within 2 days</source>
        <translation>Due within 2 days</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>No case matches the filter.</source>
        <translation>No case matches the filter.</translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) waiting to send</source>
        <translation>
            <numerusform>%n decision(s) waiting to send</numerusform>
            <numerusform>%n decision(s) waiting to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n case(s) loaded</source>
        <translation>
            <numerusform>%1 of %n case(s) loaded</numerusform>
            <numerusform>%1 of %n case(s) loaded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 shown · %2 of %n case(s) loaded</source>
        <translation>
            <numerusform>%1 shown · %2 of %n case(s) loaded</numerusform>
            <numerusform>%1 shown · %2 of %n case(s) loaded</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading more cases from the county hub…</source>
        <translation>Loading more cases from the county hub…</translation>
    </message>
    <message>
        <source>More cases are on the county hub, which cannot be reached now.</source>
        <translation>More cases are on the county hub, which cannot be reached now.</translation>
    </message>
    <message>
        <source>More cases load as you scroll.</source>
        <translation>More cases load as you scroll.</translation>
    </message>
</context>
<context>
    <name>RaterWindow</name>
    <message>
        <source>Rate our service</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <source>After your business is done, the clerk will ask you to rate it here.</source>
        <translation>After your business is done, the clerk will ask you to rate it here.</translation>
    </message>
    <message>
        <source>How satisfied are you with this service?</source>
        <translation>How satisfied are you with this service?</translation>
    </message>
    <message>
        <source>Application %1</source>
        <translation>Application %1</translation>
    </message>
    <message>
        <source>1 is the lowest, 5 the highest.</source>
        <translation>1 is the lowest, 5 the highest.</translation>
    </message>
    <message>
        <source>Submit my rating</source>
        <translation>Submit my rating</translation>
    </message>
    <message>
        <source>Thank you for your rating!</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <source>Your opinion helps the hall serve you better.</source>
        <translation>Your opinion helps the hall serve you better.</translation>
    </message>
</context>
<context>
    <name>RatingScreen</name>
    <message>
        <source>Thank you for your rating</source>
        <translation>Thank you for your rating</translation>
    </message>
    <message>
        <source>Rate this service</source>
        <translation>Rate this service</translation>
    </message>
    <message>
        <source>Case number %1</source>
        <translation>Case number %1</translation>
    </message>
    <message>
        <source>Hold the code on your receipt under the scanner below the screen.</source>
        <translation>Hold the code on your receipt under the scanner below the screen.</translation>
    </message>
    <message>
        <source>Applications made at this kiosk can be rated here. Each application is rated once.</source>
        <translation>Applications made at this kiosk can be rated here. Each application is rated once.</translation>
    </message>
    <message>
        <source>Demonstration: rate the last receipt of this kiosk</source>
        <translation>Demonstration: rate the last receipt of this kiosk</translation>
    </message>
    <message>
        <source>How satisfied are you with this service? Touch one.</source>
        <translation>How satisfied are you with this service? Touch one.</translation>
    </message>
    <message>
        <source>Your rating is saved. It helps the county improve its services.</source>
        <translation>Your rating is saved. It helps the county improve its services.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>RatingText</name>
    <message>
        <source>Very satisfied</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>Fairly satisfied</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <source>Dissatisfied</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>Very dissatisfied</source>
        <translation>Very dissatisfied</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Your application is saved</source>
        <translation>Your application is saved</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Promised time</source>
        <translation>Promised time</translation>
    </message>
    <message>
        <source>On the spot</source>
        <translation>On the spot</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n working day</numerusform>
            <numerusform>%n working days</numerusform>
        </translation>
    </message>
    <message>
        <source>What happens next</source>
        <translation>What happens next</translation>
    </message>
    <message>
        <source>Your application is stored encrypted on this kiosk. It is not yet sent to the department: sending, and a printed receipt with a signed code, come when this kiosk is connected to the county hub. Please write down the case number, and bring your ID card and the listed materials to the village service point or the county hall&apos;s service window.</source>
        <translation>Your application is stored encrypted on this kiosk. It is not yet sent to the department: sending, and a printed receipt with a signed code, come when this kiosk is connected to the county hub. Please write down the case number, and bring your ID card and the listed materials to the village service point or the county hall&apos;s service window.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Your receipt stays on this screen: you can photograph its code, or print it again.</source>
        <translation>Your receipt stays on this screen: you can photograph its code, or print it again.</translation>
    </message>
    <message>
        <source>Your receipt stays on this screen: please write down the case number, or print it again.</source>
        <translation>Your receipt stays on this screen: please write down the case number, or print it again.</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>Print again</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>Photograph or print this code. Show it at any kiosk or service window to see how your application is going.</source>
        <translation>Photograph or print this code. Show it at any kiosk or service window to see how your application is going.</translation>
    </message>
    <message>
        <source>Your application is sealed and will be sent to the department as soon as this kiosk is connected; you do not need to wait here. Bring your ID card and the original materials when you collect the result at the county hall&apos;s service window.</source>
        <translation>Your application is sealed and will be sent to the department as soon as this kiosk is connected; you do not need to wait here. Bring your ID card and the original materials when you collect the result at the county hall&apos;s service window.</translation>
    </message>
    <message>
        <source>Rate this service</source>
        <translation>Rate this service</translation>
    </message>
</context>
<context>
    <name>RegionField</name>
    <message>
        <source>Province</source>
        <translation>Province</translation>
    </message>
    <message>
        <source>City</source>
        <translation>City</translation>
    </message>
    <message>
        <source>County or district</source>
        <translation>County or district</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>Please check your answers</source>
        <translation>Please check your answers</translation>
    </message>
    <message>
        <source>To change something, tap Back.</source>
        <translation>To change something, tap Back.</translation>
    </message>
    <message>
        <source>These are right</source>
        <translation>These are right</translation>
    </message>
</context>
<context>
    <name>RoleText</name>
    <message>
        <source>Window clerk</source>
        <translation>Window clerk</translation>
    </message>
    <message>
        <source>Department reviewer</source>
        <translation>Department reviewer</translation>
    </message>
    <message>
        <source>Village helper</source>
        <translation>Village helper</translation>
    </message>
    <message>
        <source>Hall supervisor</source>
        <translation>Hall supervisor</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>Auditor</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>ScanText</name>
    <message>
        <source>The file is not an image that can be read, or it is damaged.</source>
        <translation>The file is not an image that can be read, or it is damaged.</translation>
    </message>
    <message>
        <source>This text cannot be put into a code of that kind.</source>
        <translation>This text cannot be put into a code of that kind.</translation>
    </message>
    <message>
        <source>The code&apos;s signature is not genuine.</source>
        <translation>The code&apos;s signature is not genuine.</translation>
    </message>
    <message>
        <source>A signing key of the service hall is damaged.</source>
        <translation>A signing key of the service hall is damaged.</translation>
    </message>
    <message>
        <source>The ID card could not be read correctly; place it on the reader again.</source>
        <translation>The ID card could not be read correctly; place it on the reader again.</translation>
    </message>
    <message>
        <source>The ID card reader sent damaged data; place the card on the reader again.</source>
        <translation>The ID card reader sent damaged data; place the card on the reader again.</translation>
    </message>
    <message>
        <source>The ID card reader cannot be opened; check its cable.</source>
        <translation>The ID card reader cannot be opened; check its cable.</translation>
    </message>
    <message>
        <source>The ID card moved while it was read; place it again.</source>
        <translation>The ID card moved while it was read; place it again.</translation>
    </message>
    <message>
        <source>The ID card reader did not answer; check its cable.</source>
        <translation>The ID card reader did not answer; check its cable.</translation>
    </message>
    <message>
        <source>The ID card reader was disconnected.</source>
        <translation>The ID card reader was disconnected.</translation>
    </message>
    <message>
        <source>This is not a complete resident ID number.</source>
        <translation>This is not a complete resident ID number.</translation>
    </message>
    <message>
        <source>The ID number contains a birth date that does not exist.</source>
        <translation>The ID number contains a birth date that does not exist.</translation>
    </message>
    <message>
        <source>The ID number&apos;s check digit is wrong: it was mistyped or is not genuine.</source>
        <translation>The ID number&apos;s check digit is wrong: it was mistyped or is not genuine.</translation>
    </message>
    <message>
        <source>The ID number&apos;s region code does not exist.</source>
        <translation>The ID number&apos;s region code does not exist.</translation>
    </message>
    <message>
        <source>This is not a complete unified social credit code.</source>
        <translation>This is not a complete unified social credit code.</translation>
    </message>
    <message>
        <source>The unified social credit code&apos;s check character is wrong: it was mistyped or is not genuine.</source>
        <translation>The unified social credit code&apos;s check character is wrong: it was mistyped or is not genuine.</translation>
    </message>
    <message>
        <source>This web address is malformed.</source>
        <translation>This web address is malformed.</translation>
    </message>
    <message>
        <source>This web address is too long to show.</source>
        <translation>This web address is too long to show.</translation>
    </message>
    <message>
        <source>This code is too long to be one the service hall uses.</source>
        <translation>This code is too long to be one the service hall uses.</translation>
    </message>
    <message>
        <source>The code&apos;s text is damaged or not in UTF-8, so it cannot be read.</source>
        <translation>The code&apos;s text is damaged or not in UTF-8, so it cannot be read.</translation>
    </message>
    <message>
        <source>This code is not one the service hall uses.</source>
        <translation>This code is not one the service hall uses.</translation>
    </message>
    <message>
        <source>The code cannot be made: one of its fields is not valid.</source>
        <translation>The code cannot be made: one of its fields is not valid.</translation>
    </message>
    <message>
        <source>The code&apos;s signature does not match: it is forged or was altered.</source>
        <translation>The code&apos;s signature does not match: it is forged or was altered.</translation>
    </message>
    <message>
        <source>This receipt code is damaged or incomplete.</source>
        <translation>This receipt code is damaged or incomplete.</translation>
    </message>
    <message>
        <source>This code was issued by a device the service hall does not know.</source>
        <translation>This code was issued by a device the service hall does not know.</translation>
    </message>
    <message>
        <source>This receipt is dated in the future; check the date and time of this device.</source>
        <translation>This receipt is dated in the future; check the date and time of this device.</translation>
    </message>
    <message>
        <source>This pickup code is damaged or incomplete.</source>
        <translation>This pickup code is damaged or incomplete.</translation>
    </message>
    <message>
        <source>This pickup code has expired; the draft must be filled in again.</source>
        <translation>This pickup code has expired; the draft must be filled in again.</translation>
    </message>
    <message>
        <source>This e-licence code is damaged or incomplete.</source>
        <translation>This e-licence code is damaged or incomplete.</translation>
    </message>
    <message>
        <source>This e-licence was issued by an authority the service hall does not trust.</source>
        <translation>This e-licence was issued by an authority the service hall does not trust.</translation>
    </message>
    <message>
        <source>The issuing authority may not issue this kind of licence.</source>
        <translation>The issuing authority may not issue this kind of licence.</translation>
    </message>
    <message>
        <source>This e-licence is not valid yet.</source>
        <translation>This e-licence is not valid yet.</translation>
    </message>
    <message>
        <source>This e-licence has expired.</source>
        <translation>This e-licence has expired.</translation>
    </message>
    <message>
        <source>The list of trusted code issuers is damaged; signed codes cannot be checked.</source>
        <translation>The list of trusted code issuers is damaged; signed codes cannot be checked.</translation>
    </message>
    <message>
        <source>The list of trusted code issuers is missing; signed codes cannot be checked.</source>
        <translation>The list of trusted code issuers is missing; signed codes cannot be checked.</translation>
    </message>
    <message>
        <source>No code was found in the image.</source>
        <translation>No code was found in the image.</translation>
    </message>
    <message>
        <source>Hold the code inside the frame.</source>
        <translation>Hold the code inside the frame.</translation>
    </message>
    <message>
        <source>No code found yet: hold it closer and keep it still, about 20 cm from the camera.</source>
        <translation>No code found yet: hold it closer and keep it still, about 20 cm from the camera.</translation>
    </message>
    <message>
        <source>Code read.</source>
        <translation>Code read.</translation>
    </message>
    <message>
        <source>The camera is not available; check that it is connected, or choose another one.</source>
        <translation>The camera is not available; check that it is connected, or choose another one.</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>OneWindow</source>
        <translation>OneWindow</translation>
    </message>
    <message>
        <source>Service hall desk</source>
        <translation>Service hall desk</translation>
    </message>
    <message>
        <source>Signed in on this desk only (hub unreachable)</source>
        <translation>Signed in on this desk only (hub unreachable)</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>OneWindow</source>
        <translation>OneWindow</translation>
    </message>
    <message>
        <source>One window accepts every department&apos;s applications; departments decide in the back office; the same window hands out the result.</source>
        <translation>One window accepts every department&apos;s applications; departments decide in the back office; the same window hands out the result.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Use your service hall account. Department reviewers sign in with their county hub account.</source>
        <translation>Use your service hall account. Department reviewers sign in with their county hub account.</translation>
    </message>
    <message>
        <source>Use your service hall account. This desk has no county hub: only accounts kept on this desk sign in.</source>
        <translation>Use your service hall account. This desk has no county hub: only accounts kept on this desk sign in.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>After 5 wrong passwords the account is locked for 15 minutes. An unattended desk signs out by itself.</source>
        <translation>After 5 wrong passwords the account is locked for 15 minutes. An unattended desk signs out by itself.</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Sign here with your finger</source>
        <translation>Sign here with your finger</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Signature: sign here with your finger</source>
        <translation>Signature: sign here with your finger</translation>
    </message>
</context>
<context>
    <name>StatBars</name>
    <message>
        <source>Nothing in this period.</source>
        <translation>Nothing in this period.</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <source>Hall statistics</source>
        <translation>Hall statistics</translation>
    </message>
    <message>
        <source>Counting at the county hub…</source>
        <translation>Counting at the county hub…</translation>
    </message>
    <message>
        <source>%1 · all devices of the county</source>
        <translation>%1 · all devices of the county</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>Cases by service item</source>
        <translation>Cases by service item</translation>
    </message>
    <message>
        <source>Cases by department</source>
        <translation>Cases by department</translation>
    </message>
    <message>
        <source>Cases by channel</source>
        <translation>Cases by channel</translation>
    </message>
    <message>
        <source>Ratings by level</source>
        <translation>Ratings by level</translation>
    </message>
    <message>
        <source>No rating in this period.</source>
        <translation>No rating in this period.</translation>
    </message>
    <message>
        <source>Most overdue cases</source>
        <translation>Most overdue cases</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n working day</numerusform>
            <numerusform>%n working days</numerusform>
        </translation>
    </message>
    <message>
        <source>No case in review is overdue.</source>
        <translation>No case in review is overdue.</translation>
    </message>
</context>
<context>
    <name>StoreText</name>
    <message>
        <source>The disk is full. The last change was not saved; everything saved before is intact. Free some space and try again.</source>
        <translation>The disk is full. The last change was not saved; everything saved before is intact. Free some space and try again.</translation>
    </message>
    <message>
        <source>The store could not write to the disk (it may be full). The last change was not saved; everything saved before is intact.</source>
        <translation>The store could not write to the disk (it may be full). The last change was not saved; everything saved before is intact.</translation>
    </message>
    <message>
        <source>The store could not read or write its file.</source>
        <translation>The store could not read or write its file.</translation>
    </message>
    <message>
        <source>The key does not match this database.</source>
        <translation>The key does not match this database.</translation>
    </message>
    <message>
        <source>The store file is damaged.</source>
        <translation>The store file is damaged.</translation>
    </message>
    <message>
        <source>The store file could not be opened.</source>
        <translation>The store file could not be opened.</translation>
    </message>
    <message>
        <source>This record already exists.</source>
        <translation>This record already exists.</translation>
    </message>
    <message>
        <source>The store reported an error.</source>
        <translation>The store reported an error.</translation>
    </message>
    <message>
        <source>No case with this number is stored on this device.</source>
        <translation>No case with this number is stored on this device.</translation>
    </message>
    <message>
        <source>This case can no longer be edited: it is “%1”.</source>
        <translation>This case can no longer be edited: it is “%1”.</translation>
    </message>
    <message>
        <source>This attachment is not stored on this device.</source>
        <translation>This attachment is not stored on this device.</translation>
    </message>
    <message>
        <source>This store was written by a newer version of OneWindow. Update the program to open it.</source>
        <translation>This store was written by a newer version of OneWindow. Update the program to open it.</translation>
    </message>
    <message>
        <source>This file is not a OneWindow store. It was left untouched.</source>
        <translation>This file is not a OneWindow store. It was left untouched.</translation>
    </message>
    <message>
        <source>The store could not write to the disk (it may be full).</source>
        <translation>The store could not write to the disk (it may be full).</translation>
    </message>
    <message>
        <source>The store file is damaged: it has been cut short.</source>
        <translation>The store file is damaged: it has been cut short.</translation>
    </message>
    <message>
        <source>There is no store at this location.</source>
        <translation>There is no store at this location.</translation>
    </message>
    <message>
        <source>The key for this store is missing. The store stays locked.</source>
        <translation>The key for this store is missing. The store stays locked.</translation>
    </message>
    <message>
        <source>The audit trail has been altered at entry %1.</source>
        <translation>The audit trail has been altered at entry %1.</translation>
    </message>
    <message>
        <source>The holiday calendar could not be read.</source>
        <translation>The holiday calendar could not be read.</translation>
    </message>
    <message>
        <source>The holiday calendar is damaged.</source>
        <translation>The holiday calendar is damaged.</translation>
    </message>
    <message>
        <source>The comment is too long: at most %1 characters.</source>
        <translation>The comment is too long: at most %1 characters.</translation>
    </message>
    <message>
        <source>This application has already been rated. Each application is rated once.</source>
        <translation>This application has already been rated. Each application is rated once.</translation>
    </message>
</context>
<context>
    <name>SyncText</name>
    <message>
        <source>Usage:
  onewindow sync enroll --db PATH KEY --hub URL --code CODE [--name NAME] [--suite gm|intl] [--pin PIN]
  onewindow sync seal   --db PATH KEY NUMBER...
  onewindow sync push   --db PATH KEY --hub URL [--pin PIN]
  onewindow sync pull   --db PATH KEY --hub URL [--pin PIN]
  onewindow sync status --db PATH KEY
  onewindow export-packets DIR --db PATH KEY
KEY is --key-file PATH or --passphrase-stdin. PIN is the hub&apos;s public key as sha256//BASE64.
Plain http:// is accepted only for a hub on this computer.</source>
        <translation>Usage:
  onewindow sync enroll --db PATH KEY --hub URL --code CODE [--name NAME] [--suite gm|intl] [--pin PIN]
  onewindow sync seal   --db PATH KEY NUMBER...
  onewindow sync push   --db PATH KEY --hub URL [--pin PIN]
  onewindow sync pull   --db PATH KEY --hub URL [--pin PIN]
  onewindow sync status --db PATH KEY
  onewindow export-packets DIR --db PATH KEY
KEY is --key-file PATH or --passphrase-stdin. PIN is the hub&apos;s public key as sha256//BASE64.
Plain http:// is accepted only for a hub on this computer.</translation>
    </message>
    <message>
        <source>Name the hub with --hub URL.</source>
        <translation>Name the hub with --hub URL.</translation>
    </message>
    <message>
        <source>Unknown suite %1: use gm or intl.</source>
        <translation>Unknown suite %1: use gm or intl.</translation>
    </message>
    <message>
        <source>Enrolled as device %1 with hub %2.</source>
        <translation>Enrolled as device %1 with hub %2.</translation>
    </message>
    <message>
        <source>Hub signing key fingerprint: %1</source>
        <translation>Hub signing key fingerprint: %1</translation>
    </message>
    <message>
        <source>Sealed case %1 as packet %2.</source>
        <translation>Sealed case %1 as packet %2.</translation>
    </message>
    <message>
        <source>Acknowledged %1 packets, uploaded %2 attachments, %3 refused, %4 still waiting.</source>
        <translation>Acknowledged %1 packets, uploaded %2 attachments, %3 refused, %4 still waiting.</translation>
    </message>
    <message>
        <source>Read %1 status updates; %2 cases changed.</source>
        <translation>Read %1 status updates; %2 cases changed.</translation>
    </message>
    <message>
        <source>New catalog %1 with %2 items.</source>
        <translation>New catalog %1 with %2 items.</translation>
    </message>
    <message>
        <source>The catalog is up to date.</source>
        <translation>The catalog is up to date.</translation>
    </message>
    <message>
        <source>%1 packets and attachments wait in the outbox.</source>
        <translation>%1 packets and attachments wait in the outbox.</translation>
    </message>
    <message>
        <source>Refused by the hub: %1</source>
        <translation>Refused by the hub: %1</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>The folder %1 does not exist.</translation>
    </message>
    <message>
        <source>Wrote %1 packets and %2 attachments to %3 (%4 already there).</source>
        <translation>Wrote %1 packets and %2 attachments to %3 (%4 already there).</translation>
    </message>
    <message>
        <source>No case with this number is stored on this device.</source>
        <translation>No case with this number is stored on this device.</translation>
    </message>
    <message>
        <source>This case has already been sealed and queued.</source>
        <translation>This case has already been sealed and queued.</translation>
    </message>
    <message>
        <source>This case&apos;s personal data has been removed.</source>
        <translation>This case&apos;s personal data has been removed.</translation>
    </message>
    <message>
        <source>The hub address is not a valid http(s) address.</source>
        <translation>The hub address is not a valid http(s) address.</translation>
    </message>
    <message>
        <source>The hub must be reached over HTTPS; plain HTTP is only allowed on this computer.</source>
        <translation>The hub must be reached over HTTPS; plain HTTP is only allowed on this computer.</translation>
    </message>
    <message>
        <source>The hub&apos;s public key is not configured, so its identity cannot be checked.</source>
        <translation>The hub&apos;s public key is not configured, so its identity cannot be checked.</translation>
    </message>
    <message>
        <source>Mutual TLS needs both the device certificate and its private key.</source>
        <translation>Mutual TLS needs both the device certificate and its private key.</translation>
    </message>
    <message>
        <source>A certificate or key file for the hub cannot be read.</source>
        <translation>A certificate or key file for the hub cannot be read.</translation>
    </message>
    <message>
        <source>A sealed packet in the outbox is damaged.</source>
        <translation>A sealed packet in the outbox is damaged.</translation>
    </message>
    <message>
        <source>The hub&apos;s receipt could not be verified; the case stays queued.</source>
        <translation>The hub&apos;s receipt could not be verified; the case stays queued.</translation>
    </message>
    <message>
        <source>This device is not enrolled with a county hub yet. Ask the administrator for an enrollment code.</source>
        <translation>This device is not enrolled with a county hub yet. Ask the administrator for an enrollment code.</translation>
    </message>
    <message>
        <source>The hub enrollment kept on this device is damaged. Enroll the device again.</source>
        <translation>The hub enrollment kept on this device is damaged. Enroll the device again.</translation>
    </message>
    <message>
        <source>This device is already enrolled with a county hub.</source>
        <translation>This device is already enrolled with a county hub.</translation>
    </message>
    <message>
        <source>The enrollment code is not valid. It has 12 letters and digits, like ABCD-EFGH-JKMN.</source>
        <translation>The enrollment code is not valid. It has 12 letters and digits, like ABCD-EFGH-JKMN.</translation>
    </message>
    <message>
        <source>The county hub cannot be reached. Check the network and try again.</source>
        <translation>The county hub cannot be reached. Check the network and try again.</translation>
    </message>
    <message>
        <source>The hub did not accept this enrollment code: it is unknown, expired or already used.</source>
        <translation>The hub did not accept this enrollment code: it is unknown, expired or already used.</translation>
    </message>
    <message>
        <source>The county hub refused the enrollment (%1).</source>
        <translation>The county hub refused the enrollment (%1).</translation>
    </message>
    <message>
        <source>The county hub sent an enrollment answer that cannot be used.</source>
        <translation>The county hub sent an enrollment answer that cannot be used.</translation>
    </message>
    <message>
        <source>The county hub cannot be reached. Cases stay safely on this device and are sent when the connection is back.</source>
        <translation>The county hub cannot be reached. Cases stay safely on this device and are sent when the connection is back.</translation>
    </message>
    <message>
        <source>The county hub could not answer the request (%1).</source>
        <translation>The county hub could not answer the request (%1).</translation>
    </message>
    <message>
        <source>The catalog sent by the county hub is damaged.</source>
        <translation>The catalog sent by the county hub is damaged.</translation>
    </message>
    <message>
        <source>The county hub already holds a different packet under the same identity. This packet will not be sent again; please tell the county administrator.</source>
        <translation>The county hub already holds a different packet under the same identity. This packet will not be sent again; please tell the county administrator.</translation>
    </message>
    <message>
        <source>The county hub refused a packet (%1). It will not be sent again; please tell the county administrator.</source>
        <translation>The county hub refused a packet (%1). It will not be sent again; please tell the county administrator.</translation>
    </message>
    <message>
        <source>This device&apos;s clock is wrong. Correct the date and time so that cases can be sent.</source>
        <translation>This device&apos;s clock is wrong. Correct the date and time so that cases can be sent.</translation>
    </message>
    <message>
        <source>The county hub is busy or has a problem. The case is sent again later.</source>
        <translation>The county hub is busy or has a problem. The case is sent again later.</translation>
    </message>
    <message>
        <source>The county hub has no application for this receipt. If it was submitted today, the kiosk may not have sent it yet; please try again later or ask at the service hall.</source>
        <translation>The county hub has no application for this receipt. If it was submitted today, the kiosk may not have sent it yet; please try again later or ask at the service hall.</translation>
    </message>
    <message>
        <source>The application saved under this pickup code is not on this device yet. Please wait until it has synced, or ask the citizen to fill it in again.</source>
        <translation>The application saved under this pickup code is not on this device yet. Please wait until it has synced, or ask the citizen to fill it in again.</translation>
    </message>
    <message>
        <source>This pickup code has already been used: the application was taken over at a service window.</source>
        <translation>This pickup code has already been used: the application was taken over at a service window.</translation>
    </message>
    <message>
        <source>This device cannot reach the hub: its network library is missing.</source>
        <translation>This device cannot reach the hub: its network library is missing.</translation>
    </message>
    <message>
        <source>The list of device keys sent by the county hub is damaged. The keys known before are kept.</source>
        <translation>The list of device keys sent by the county hub is damaged. The keys known before are kept.</translation>
    </message>
    <message>
        <source>Another device of this county already numbers its cases with %1. Give this device another device id and enroll again.</source>
        <translation>Another device of this county already numbers its cases with %1. Give this device another device id and enroll again.</translation>
    </message>
    <message>
        <source>The county hub cannot be reached.</source>
        <translation>The county hub cannot be reached.</translation>
    </message>
    <message>
        <source>The county hub cannot be reached right now.</source>
        <translation>The county hub cannot be reached right now.</translation>
    </message>
    <message>
        <source>The user name or the password is wrong.</source>
        <translation>The user name or the password is wrong.</translation>
    </message>
    <message numerus="yes">
        <source>This account is locked after too many wrong passwords. Try again in %n minute(s).</source>
        <translation>
            <numerusform>This account is locked after too many wrong passwords. Try again in %n minute(s).</numerusform>
            <numerusform>This account is locked after too many wrong passwords. Try again in %n minute(s).</numerusform>
        </translation>
    </message>
    <message>
        <source>This account is disabled. Ask the hall&apos;s administrator.</source>
        <translation>This account is disabled. Ask the hall&apos;s administrator.</translation>
    </message>
    <message>
        <source>Your sign-in at the county hub has ended. Please sign in again.</source>
        <translation>Your sign-in at the county hub has ended. Please sign in again.</translation>
    </message>
    <message>
        <source>Your account may not do this.</source>
        <translation>Your account may not do this.</translation>
    </message>
    <message>
        <source>The county hub does not show this case to you.</source>
        <translation>The county hub does not show this case to you.</translation>
    </message>
    <message>
        <source>The case has changed since you opened it (a corrected application came in). It has been reloaded: please read it again and decide on what it holds now.</source>
        <translation>The case has changed since you opened it (a corrected application came in). It has been reloaded: please read it again and decide on what it holds now.</translation>
    </message>
    <message>
        <source>This case has already been decided, or waits for the citizen&apos;s correction.</source>
        <translation>This case has already been decided, or waits for the citizen&apos;s correction.</translation>
    </message>
    <message>
        <source>The county hub refused the request.</source>
        <translation>The county hub refused the request.</translation>
    </message>
    <message>
        <source>Mailed, tracking number %1</source>
        <translation>Mailed, tracking number %1</translation>
    </message>
    <message>
        <source>Collected in person by %1 (ID %2)</source>
        <translation>Collected in person by %1 (ID %2)</translation>
    </message>
    <message>
        <source>Write the name of the person who collects the result.</source>
        <translation>Write the name of the person who collects the result.</translation>
    </message>
    <message>
        <source>The collector&apos;s ID number is not valid. Check it against the card.</source>
        <translation>The collector&apos;s ID number is not valid. Check it against the card.</translation>
    </message>
    <message>
        <source>Write the tracking number of the mailing: 8 to 30 letters and digits.</source>
        <translation>Write the tracking number of the mailing: 8 to 30 letters and digits.</translation>
    </message>
    <message>
        <source>There is no such case on this desk.</source>
        <translation>There is no such case on this desk.</translation>
    </message>
    <message>
        <source>This case&apos;s result was issued already.</source>
        <translation>This case&apos;s result was issued already.</translation>
    </message>
    <message>
        <source>This case has no decision yet (it is “%1”): there is nothing to issue.</source>
        <translation>This case has no decision yet (it is “%1”): there is nothing to issue.</translation>
    </message>
    <message>
        <source>This case was never sent to the county hub from this desk, so its result cannot be issued here.</source>
        <translation>This case was never sent to the county hub from this desk, so its result cannot be issued here.</translation>
    </message>
    <message>
        <source>Attach what the citizen brought for the correction.</source>
        <translation>Attach what the citizen brought for the correction.</translation>
    </message>
    <message>
        <source>A file is larger than %1 MB. Scan it again at a lower resolution.</source>
        <translation>A file is larger than %1 MB. Scan it again at a lower resolution.</translation>
    </message>
    <message>
        <source>A file is not a picture (JPEG, PNG) or a PDF. Scan the material again.</source>
        <translation>A file is not a picture (JPEG, PNG) or a PDF. Scan the material again.</translation>
    </message>
    <message>
        <source>This case is not waiting for a correction (it is “%1”).</source>
        <translation>This case is not waiting for a correction (it is “%1”).</translation>
    </message>
    <message numerus="yes">
        <source>Correction recorded at the window: %n material(s) supplied</source>
        <translation>
            <numerusform>Correction recorded at the window: %n material(s) supplied</numerusform>
            <numerusform>Correction recorded at the window: %n material(s) supplied</numerusform>
        </translation>
    </message>
    <message>
        <source>The application sent by the county hub does not verify. It was not opened; please ask the citizen to fill it in here.</source>
        <translation>The application sent by the county hub does not verify. It was not opened; please ask the citizen to fill it in here.</translation>
    </message>
    <message>
        <source>The county hub cannot be reached, so the application cannot be fetched now. Try again in a moment, or fill it in here with the citizen.</source>
        <translation>The county hub cannot be reached, so the application cannot be fetched now. Try again in a moment, or fill it in here with the citizen.</translation>
    </message>
    <message>
        <source>No application with this pickup code has reached the county hub. Check the code. If the citizen saved it just now at a kiosk that is offline, it arrives once that kiosk is online again.</source>
        <translation>No application with this pickup code has reached the county hub. Check the code. If the citizen saved it just now at a kiosk that is offline, it arrives once that kiosk is online again.</translation>
    </message>
    <message>
        <source>This pickup code has expired and the saved application was removed. Please fill it in here with the citizen.</source>
        <translation>This pickup code has expired and the saved application was removed. Please fill it in here with the citizen.</translation>
    </message>
    <message>
        <source>The county hub did not hand over the application (%1). Please try again or fill it in here.</source>
        <translation>The county hub did not hand over the application (%1). Please try again or fill it in here.</translation>
    </message>
    <message>
        <source>Only a window clerk or a village helper can take over an application saved at a kiosk.</source>
        <translation>Only a window clerk or a village helper can take over an application saved at a kiosk.</translation>
    </message>
    <message>
        <source>This case is in a special procedure: end the special procedure before you decide.</source>
        <translation>This case is in a special procedure: end the special procedure before you decide.</translation>
    </message>
    <message>
        <source>This case is not in a special procedure (it may have been ended meanwhile).</source>
        <translation>This case is not in a special procedure (it may have been ended meanwhile).</translation>
    </message>
    <message>
        <source>The county hub did not take the expected end: it must be after today and at most 180 days ahead.</source>
        <translation>The county hub did not take the expected end: it must be after today and at most 180 days ahead.</translation>
    </message>
    <message>
        <source>The county hub does not know this help request.</source>
        <translation>The county hub does not know this help request.</translation>
    </message>
    <message>
        <source>The county hub already holds another rating of this application. This rating will not be sent again.</source>
        <translation>The county hub already holds another rating of this application. This rating will not be sent again.</translation>
    </message>
    <message>
        <source>Rate each of the four aspects of the service.</source>
        <translation>Rate each of the four aspects of the service.</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>OW</source>
        <comment>the product&apos;s mark, one or two characters</comment>
        <translation>OW</translation>
    </message>
    <message>
        <source>OneWindow</source>
        <translation>OneWindow</translation>
    </message>
    <message>
        <source>24-hour self-service government station</source>
        <translation>24-hour self-service government station</translation>
    </message>
    <message>
        <source>中文</source>
        <comment>the name of Chinese in Chinese, never translated</comment>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <comment>the name of English in English, never translated</comment>
        <translation>English</translation>
    </message>
    <message>
        <source>Show the kiosk in this language</source>
        <translation>Show the kiosk in this language</translation>
    </message>
    <message>
        <source>Read again</source>
        <translation>Read again</translation>
    </message>
    <message>
        <source>Read this screen&apos;s question aloud again</source>
        <translation>Read this screen&apos;s question aloud again</translation>
    </message>
    <message>
        <source>Call a helper</source>
        <translation>Call a helper</translation>
    </message>
    <message>
        <source>Ask the village helper to come to this kiosk</source>
        <translation>Ask the village helper to come to this kiosk</translation>
    </message>
    <message>
        <source>24h self-service</source>
        <translation>24h self-service</translation>
    </message>
</context>
<context>
    <name>Viewfinder</name>
    <message>
        <source>Hold the code or the ID card inside the frame</source>
        <translation>Hold the code or the ID card inside the frame</translation>
    </message>
</context>
<context>
    <name>Voice</name>
    <message>
        <source>The speech engine %1 has no English voice.</source>
        <translation>The speech engine %1 has no English voice.</translation>
    </message>
    <message>
        <source>The speech engine %1 has no Mandarin voice: install one (for example espeak-ng with speech-dispatcher).</source>
        <translation>The speech engine %1 has no Mandarin voice: install one (for example espeak-ng with speech-dispatcher).</translation>
    </message>
    <message>
        <source>No speech engine is installed (Qt TextToSpeech found none).</source>
        <translation>No speech engine is installed (Qt TextToSpeech found none).</translation>
    </message>
    <message>
        <source>No speech engine could be started (tried: %1).</source>
        <translation>No speech engine could be started (tried: %1).</translation>
    </message>
    <message>
        <source>Speech is not installed on this machine (the speech plugin is missing).</source>
        <translation>Speech is not installed on this machine (the speech plugin is missing).</translation>
    </message>
</context>
<context>
    <name>ow</name>
    <message>
        <source>recorded your authorisation</source>
        <translation>recorded your authorisation</translation>
    </message>
    <message>
        <source>filled in the application for you</source>
        <translation>filled in the application for you</translation>
    </message>
    <message>
        <source>Helper %1: %2</source>
        <translation>Helper %1: %2</translation>
    </message>
</context>
<context>
    <name>ow::AuditDesk</name>
    <message>
        <source>Sign in first.</source>
        <translation>Sign in first.</translation>
    </message>
    <message>
        <source>Type the dates as year-month-day, for example %1.</source>
        <translation>Type the dates as year-month-day, for example %1.</translation>
    </message>
    <message>
        <source>The first date is after the last one.</source>
        <translation>The first date is after the last one.</translation>
    </message>
    <message>
        <source>%1 entries match; the newest %2 are shown. Narrow the search to see the others.</source>
        <translation>%1 entries match; the newest %2 are shown. Narrow the search to see the others.</translation>
    </message>
    <message>
        <source>More entries match; the newest %1 are shown. Narrow the search to see the others.</source>
        <translation>More entries match; the newest %1 are shown. Narrow the search to see the others.</translation>
    </message>
    <message numerus="yes">
        <source>This desk&apos;s audit chain is intact: %n entries checked.</source>
        <translation>
            <numerusform>This desk&apos;s audit chain is intact: %n entries checked.</numerusform>
            <numerusform>This desk&apos;s audit chain is intact: %n entries checked.</numerusform>
        </translation>
    </message>
    <message>
        <source>This desk&apos;s audit chain is broken at entry %1: it was changed, removed or cut off after it was written.</source>
        <translation>This desk&apos;s audit chain is broken at entry %1: it was changed, removed or cut off after it was written.</translation>
    </message>
    <message numerus="yes">
        <source>The county hub&apos;s audit chain is intact: %n entries checked.</source>
        <translation>
            <numerusform>The county hub&apos;s audit chain is intact: %n entries checked.</numerusform>
            <numerusform>The county hub&apos;s audit chain is intact: %n entries checked.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies) written in the last moments are not sealed yet.</source>
        <translation>
            <numerusform>%n entry(ies) written in the last moments are not sealed yet.</numerusform>
            <numerusform>%n entry(ies) written in the last moments are not sealed yet.</numerusform>
        </translation>
    </message>
    <message>
        <source>the entry has been removed</source>
        <translation>the entry has been removed</translation>
    </message>
    <message>
        <source>the entry was changed after it was written</source>
        <translation>the entry was changed after it was written</translation>
    </message>
    <message>
        <source>the end of the chain does not match</source>
        <translation>the end of the chain does not match</translation>
    </message>
    <message>
        <source>The county hub&apos;s audit chain is broken at entry %1: %2.</source>
        <translation>The county hub&apos;s audit chain is broken at entry %1: %2.</translation>
    </message>
    <message>
        <source>The county hub&apos;s audit chain is broken at entry %1 (%2, %3): %4.</source>
        <translation>The county hub&apos;s audit chain is broken at entry %1 (%2, %3): %4.</translation>
    </message>
    <message>
        <source>The extract could not be written to %1.</source>
        <translation>The extract could not be written to %1.</translation>
    </message>
    <message>
        <source>Signed extract saved: %1</source>
        <translation>Signed extract saved: %1</translation>
    </message>
    <message>
        <source>This desk is not enrolled with the county hub, so it has no key to sign an extract with.</source>
        <translation>This desk is not enrolled with the county hub, so it has no key to sign an extract with.</translation>
    </message>
</context>
<context>
    <name>ow::AuthorisationRepository</name>
    <message>
        <source>Identify the principal first: read the ID card or type the number.</source>
        <translation>Identify the principal first: read the ID card or type the number.</translation>
    </message>
    <message>
        <source>Choose at least one service item the principal entrusts to you.</source>
        <translation>Choose at least one service item the principal entrusts to you.</translation>
    </message>
    <message>
        <source>The authorisation must end on or after the day it starts.</source>
        <translation>The authorisation must end on or after the day it starts.</translation>
    </message>
    <message>
        <source>Take a photo of the signed authorisation or choose its scanned image.</source>
        <translation>Take a photo of the signed authorisation or choose its scanned image.</translation>
    </message>
    <message>
        <source>The principal has to sign on the pad.</source>
        <translation>The principal has to sign on the pad.</translation>
    </message>
    <message>
        <source>The helper&apos;s account has no name; ask the administrator to complete it.</source>
        <translation>The helper&apos;s account has no name; ask the administrator to complete it.</translation>
    </message>
    <message>
        <source>No authorisation with this reference is stored on this desk.</source>
        <translation>No authorisation with this reference is stored on this desk.</translation>
    </message>
    <message>
        <source>The principal&apos;s authorisation expired on %1. Record a new authorisation before acting for them.</source>
        <translation>The principal&apos;s authorisation expired on %1. Record a new authorisation before acting for them.</translation>
    </message>
    <message>
        <source>The principal&apos;s authorisation is valid only from %1.</source>
        <translation>The principal&apos;s authorisation is valid only from %1.</translation>
    </message>
    <message>
        <source>The principal&apos;s authorisation does not cover this service item. Only the items written on it may be handled for them.</source>
        <translation>The principal&apos;s authorisation does not cover this service item. Only the items written on it may be handled for them.</translation>
    </message>
    <message>
        <source>This person has not authorised you to act for them. Record their signed authorisation first.</source>
        <translation>This person has not authorised you to act for them. Record their signed authorisation first.</translation>
    </message>
    <message>
        <source>This authorisation names another helper.</source>
        <translation>This authorisation names another helper.</translation>
    </message>
    <message>
        <source>This case is not one you handle for a principal.</source>
        <translation>This case is not one you handle for a principal.</translation>
    </message>
    <message>
        <source>The result has not been issued yet; it can be delivered once the hall issues it.</source>
        <translation>The result has not been issued yet; it can be delivered once the hall issues it.</translation>
    </message>
</context>
<context>
    <name>ow::CardReaderControl</name>
    <message>
        <source>The ID card reader is not working right now. Please type your ID number on the keypad.</source>
        <translation>The ID card reader is not working right now. Please type your ID number on the keypad.</translation>
    </message>
    <message>
        <source>The ID card reader is not working right now. Type the ID number and the name instead.</source>
        <translation>The ID card reader is not working right now. Type the ID number and the name instead.</translation>
    </message>
    <message>
        <source>The ID card reader is not connected. You can type your ID number on the keypad, or ask staff for help.</source>
        <translation>The ID card reader is not connected. You can type your ID number on the keypad, or ask staff for help.</translation>
    </message>
    <message>
        <source>The ID card reader is not connected. Type the ID number and the name instead, and check the reader&apos;s cable.</source>
        <translation>The ID card reader is not connected. Type the ID number and the name instead, and check the reader&apos;s cable.</translation>
    </message>
    <message>
        <source>The ID card reader was unplugged. You can type your ID number on the keypad, or ask staff for help.</source>
        <translation>The ID card reader was unplugged. You can type your ID number on the keypad, or ask staff for help.</translation>
    </message>
    <message>
        <source>The ID card reader was unplugged. Type the ID number and the name instead, and plug the reader back in: it is found again by itself.</source>
        <translation>The ID card reader was unplugged. Type the ID number and the name instead, and plug the reader back in: it is found again by itself.</translation>
    </message>
</context>
<context>
    <name>ow::DeskSession</name>
    <message>
        <source>Overview</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Review queue</source>
        <translation>Review queue</translation>
    </message>
    <message>
        <source>Enter your user name and your password.</source>
        <translation>Enter your user name and your password.</translation>
    </message>
    <message>
        <source>The county hub cannot be reached: you are signed in on this desk only. Queues show when they were last refreshed.</source>
        <translation>The county hub cannot be reached: you are signed in on this desk only. Queues show when they were last refreshed.</translation>
    </message>
    <message numerus="yes">
        <source>You were signed out after %n minute(s) without use. Nothing you saved is lost.</source>
        <translation>
            <numerusform>You were signed out after %n minute(s) without use. Nothing you saved is lost.</numerusform>
            <numerusform>You were signed out after %n minute(s) without use. Nothing you saved is lost.</numerusform>
        </translation>
    </message>
    <message>
        <source>Accept an application</source>
        <translation>Accept an application</translation>
    </message>
    <message>
        <source>Issue results</source>
        <translation>Issue results</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>Corrections</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Audit trail</translation>
    </message>
    <message>
        <source>Helper board</source>
        <translation>Helper board</translation>
    </message>
    <message>
        <source>Hall statistics</source>
        <translation>Hall statistics</translation>
    </message>
    <message>
        <source>Rating follow-ups</source>
        <translation>Rating follow-ups</translation>
    </message>
</context>
<context>
    <name>ow::FollowUpDesk</name>
    <message>
        <source>%1 on %2: %3</source>
        <translation>%1 on %2: %3</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Write what was put right and what the citizen said at the return visit.</source>
        <translation>Write what was put right and what the citizen said at the return visit.</translation>
    </message>
    <message>
        <source>Write the day of the return visit as 2026-10-20, today or before.</source>
        <translation>Write the day of the return visit as 2026-10-20, today or before.</translation>
    </message>
    <message>
        <source>The outcome may have at most %1 characters and the citizen&apos;s view %2.</source>
        <translation>The outcome may have at most %1 characters and the citizen&apos;s view %2.</translation>
    </message>
    <message>
        <source>Follow-up of case %1 recorded.</source>
        <translation>Follow-up of case %1 recorded.</translation>
    </message>
</context>
<context>
    <name>ow::HallStatistics</name>
    <message>
        <source>This desk has no county hub configured: the hall&apos;s statistics come from the hub.</source>
        <translation>This desk has no county hub configured: the hall&apos;s statistics come from the hub.</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 to %2</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Cases received</source>
        <translation>Cases received</translation>
    </message>
    <message numerus="yes">
        <source>%n concluded</source>
        <translation>
            <numerusform>%n concluded</numerusform>
            <numerusform>%n concluded</numerusform>
        </translation>
    </message>
    <message>
        <source>On-time rate</source>
        <translation>On-time rate</translation>
    </message>
    <message>
        <source>%1 of %2 with a time limit</source>
        <translation>%1 of %2 with a time limit</translation>
    </message>
    <message>
        <source>Average working days</source>
        <translation>Average working days</translation>
    </message>
    <message>
        <source>to conclude a case</source>
        <translation>to conclude a case</translation>
    </message>
    <message>
        <source>Overdue now</source>
        <translation>Overdue now</translation>
    </message>
    <message>
        <source>cases in review</source>
        <translation>cases in review</translation>
    </message>
    <message>
        <source>Due within 3 working days</source>
        <translation>Due within 3 working days</translation>
    </message>
    <message>
        <source>by %1</source>
        <translation>by %1</translation>
    </message>
    <message>
        <source>Bad ratings</source>
        <translation>Bad ratings</translation>
    </message>
    <message>
        <source>%1 follow-ups open, %2 overdue</source>
        <translation>%1 follow-ups open, %2 overdue</translation>
    </message>
    <message>
        <source>Self-service kiosk</source>
        <translation>Self-service kiosk</translation>
    </message>
    <message>
        <source>Village helper</source>
        <translation>Village helper</translation>
    </message>
    <message>
        <source>Service window</source>
        <translation>Service window</translation>
    </message>
    <message>
        <source>The statistics could not be saved: the exports folder cannot be created.</source>
        <translation>The statistics could not be saved: the exports folder cannot be created.</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Section</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Headline</source>
        <translation>Headline</translation>
    </message>
    <message>
        <source>By item</source>
        <translation>By item</translation>
    </message>
    <message>
        <source>By department</source>
        <translation>By department</translation>
    </message>
    <message>
        <source>By channel</source>
        <translation>By channel</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <source>Overdue case</source>
        <translation>Overdue case</translation>
    </message>
    <message numerus="yes">
        <source>due %1, %n working day(s) overdue</source>
        <translation>
            <numerusform>due %1, %n working day(s) overdue</numerusform>
            <numerusform>due %1, %n working day(s) overdue</numerusform>
        </translation>
    </message>
    <message>
        <source>The statistics could not be saved: %1</source>
        <translation>The statistics could not be saved: %1</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Saved to %1</translation>
    </message>
</context>
<context>
    <name>ow::HelpCall</name>
    <message>
        <source>Calling the village helper…</source>
        <translation>Calling the village helper…</translation>
    </message>
    <message>
        <source>A village helper has been called and is coming to you. Please wait here.</source>
        <translation>A village helper has been called and is coming to you. Please wait here.</translation>
    </message>
    <message numerus="yes">
        <source>A village helper is coming to you: called %n minute(s) ago. Please wait here.</source>
        <translation>
            <numerusform>A village helper is coming to you: called %n minute ago. Please wait here.</numerusform>
            <numerusform>A village helper is coming to you: called %n minutes ago. Please wait here.</numerusform>
        </translation>
    </message>
    <message>
        <source>This kiosk cannot call the helper right now. Please ask at the village service point or the service hall.</source>
        <translation>This kiosk cannot call the helper right now. Please ask at the village service point or the service hall.</translation>
    </message>
    <message>
        <source>This kiosk cannot call the helper right now. Please phone the village helper:</source>
        <translation>This kiosk cannot call the helper right now. Please phone the village helper:</translation>
    </message>
</context>
<context>
    <name>ow::HelperDesk</name>
    <message numerus="yes">
        <source>%n working day(s) overdue</source>
        <translation>
            <numerusform>%n working day(s) overdue</numerusform>
            <numerusform>%n working day(s) overdue</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 working days left · due %3</source>
        <translation>%1 of %2 working days left · due %3</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>Identifying</source>
        <translation>Identifying</translation>
    </message>
    <message>
        <source>Filling in a form</source>
        <translation>Filling in a form</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>Progress lookup</source>
        <translation>Progress lookup</translation>
    </message>
    <message>
        <source>Start screen</source>
        <translation>Start screen</translation>
    </message>
    <message>
        <source>This desk is not connected to the county hub: help requests cannot be shown.</source>
        <translation>This desk is not connected to the county hub: help requests cannot be shown.</translation>
    </message>
    <message numerus="yes">
        <source>waiting %n minute(s)</source>
        <translation>
            <numerusform>waiting %n minute(s)</numerusform>
            <numerusform>waiting %n minute(s)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>waiting %n hour(s)</source>
        <translation>
            <numerusform>waiting %n hour(s)</numerusform>
            <numerusform>waiting %n hour(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>No kiosk is calling for a helper.</source>
        <translation>No kiosk is calling for a helper.</translation>
    </message>
    <message>
        <source>The help request of %1 is closed.</source>
        <translation>The help request of %1 is closed.</translation>
    </message>
    <message>
        <source>Enter the principal&apos;s name as on the ID card.</source>
        <translation>Enter the principal&apos;s name as on the ID card.</translation>
    </message>
    <message>
        <source>This file cannot be read. Choose the photo or the scan of the signed authorisation.</source>
        <translation>This file cannot be read. Choose the photo or the scan of the signed authorisation.</translation>
    </message>
    <message>
        <source>The picture is larger than 10 MB. Scan it again at a lower resolution.</source>
        <translation>The picture is larger than 10 MB. Scan it again at a lower resolution.</translation>
    </message>
    <message>
        <source>This file is not a photo (PNG or JPEG) of the signed authorisation.</source>
        <translation>This file is not a photo (PNG or JPEG) of the signed authorisation.</translation>
    </message>
    <message>
        <source>Identify the principal first: read the ID card or type the number.</source>
        <translation>Identify the principal first: read the ID card or type the number.</translation>
    </message>
    <message>
        <source>Your own ID number (as the agent) is not valid: please check it.</source>
        <translation>Your own ID number (as the agent) is not valid: please check it.</translation>
    </message>
    <message>
        <source>Your mobile number has 11 digits and starts with 1.</source>
        <translation>Your mobile number has 11 digits and starts with 1.</translation>
    </message>
    <message>
        <source>Write the validity dates as 2026-03-01.</source>
        <translation>Write the validity dates as 2026-03-01.</translation>
    </message>
    <message>
        <source>Authorisation %1 · %2 to %3 · %4</source>
        <translation>Authorisation %1 · %2 to %3 · %4</translation>
    </message>
    <message>
        <source>Authorisation recorded: %1.</source>
        <translation>Authorisation recorded: %1.</translation>
    </message>
    <message>
        <source>Identify the principal and choose the service item first.</source>
        <translation>Identify the principal and choose the service item first.</translation>
    </message>
    <message numerus="yes">
        <source>The form is not complete: %n answer(s) are missing or wrong (marked in red).</source>
        <translation>
            <numerusform>The form is not complete: %n answer(s) are missing or wrong (marked in red).</numerusform>
            <numerusform>The form is not complete: %n answer(s) are missing or wrong (marked in red).</numerusform>
        </translation>
    </message>
    <message>
        <source>Submitted for the principal: case %1. The receipt was not written: %2</source>
        <translation>Submitted for the principal: case %1. The receipt was not written: %2</translation>
    </message>
    <message>
        <source>Submitted for the principal: case %1.</source>
        <translation>Submitted for the principal: case %1.</translation>
    </message>
    <message>
        <source>The case cannot be read back.</source>
        <translation>The case cannot be read back.</translation>
    </message>
    <message>
        <source>Village helper service (帮办代办)</source>
        <translation>Village helper service (帮办代办)</translation>
    </message>
    <message>
        <source>%1 (ID %2, phone %3)</source>
        <translation>%1 (ID %2, phone %3)</translation>
    </message>
    <message>
        <source>Your village helper %1 submitted this application for you under your authorisation %2 (valid %3 to %4) and will bring the result to you. You can ask about its progress at any village kiosk with this receipt.</source>
        <translation>Your village helper %1 submitted this application for you under your authorisation %2 (valid %3 to %4) and will bring the result to you. You can ask about its progress at any village kiosk with this receipt.</translation>
    </message>
    <message>
        <source>The folder for receipts cannot be created.</source>
        <translation>The folder for receipts cannot be created.</translation>
    </message>
    <message>
        <source>%1 recorded for case %2.</source>
        <translation>%1 recorded for case %2.</translation>
    </message>
</context>
<context>
    <name>ow::IdentityEntry</name>
    <message>
        <source>The birth date in this ID number is not possible. Please check the number again.</source>
        <translation>The birth date in this ID number is not possible. Please check the number again.</translation>
    </message>
    <message>
        <source>The ID number&apos;s check digit does not match. Please check the number again.</source>
        <translation>The ID number&apos;s check digit does not match. Please check the number again.</translation>
    </message>
</context>
<context>
    <name>ow::ItemChooser</name>
    <message>
        <source>Allowances and benefits</source>
        <translation>Allowances and benefits</translation>
    </message>
    <message>
        <source>Licences and registration</source>
        <translation>Licences and registration</translation>
    </message>
    <message>
        <source>Certificates and confirmation</source>
        <translation>Certificates and confirmation</translation>
    </message>
    <message>
        <source>Public services</source>
        <translation>Public services</translation>
    </message>
    <message>
        <source>Other services</source>
        <translation>Other services</translation>
    </message>
</context>
<context>
    <name>ow::ItemGuide</name>
    <message>
        <source>an e-licence can replace it</source>
        <translation>an e-licence can replace it</translation>
    </message>
    <message>
        <source>; </source>
        <translation>; </translation>
    </message>
    <message>
        <source>Free of charge</source>
        <translation>Free of charge</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>A fee is charged; the window will tell you how much.</source>
        <translation>A fee is charged; the window will tell you how much.</translation>
    </message>
    <message>
        <source>Done on the spot</source>
        <translation>Done on the spot</translation>
    </message>
    <message numerus="yes">
        <source>Within %n working day(s)</source>
        <translation>
            <numerusform>Within %n working day</numerusform>
            <numerusform>Within %n working days</numerusform>
        </translation>
    </message>
    <message>
        <source>No visit to the hall needed</source>
        <translation>No visit to the hall needed</translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) to the hall</source>
        <translation>
            <numerusform>%n visit to the hall</numerusform>
            <numerusform>%n visits to the hall</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n working day</numerusform>
            <numerusform>%n working days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photocopy(ies)</source>
        <translation>
            <numerusform>%n photocopy</numerusform>
            <numerusform>%n photocopies</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n original(s)</source>
        <translation>
            <numerusform>%n original</numerusform>
            <numerusform>%n originals</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ow::KioskSession</name>
    <message>
        <source>This kiosk cannot save applications right now.</source>
        <translation>This kiosk cannot save applications right now.</translation>
    </message>
    <message>
        <source>Your application could not be saved on this kiosk: %1 Your answers are still here; please ask staff for help or try again.</source>
        <translation>Your application could not be saved on this kiosk: %1 Your answers are still here; please ask staff for help or try again.</translation>
    </message>
    <message>
        <source>This kiosk is still getting ready to save applications. Please wait a moment and tap again; your answers are kept.</source>
        <translation>This kiosk is still getting ready to save applications. Please wait a moment and tap again; your answers are kept.</translation>
    </message>
    <message>
        <source>This kiosk cannot issue pickup codes yet. Please ask staff for help.</source>
        <translation>This kiosk cannot issue pickup codes yet. Please ask staff for help.</translation>
    </message>
    <message>
        <source>Your application could not be saved for the service window: %1 Your answers are still here.</source>
        <translation>Your application could not be saved for the service window: %1 Your answers are still here.</translation>
    </message>
    <message>
        <source>Picture taken</source>
        <translation>Picture taken</translation>
    </message>
</context>
<context>
    <name>ow::KioskSync</name>
    <message>
        <source>No county hub is configured: applications are kept on this kiosk.</source>
        <translation>No county hub is configured: applications are kept on this kiosk.</translation>
    </message>
</context>
<context>
    <name>ow::MaintenanceController</name>
    <message>
        <source>Sorry, this kiosk&apos;s storage is almost full, so your application cannot be saved right now. Your answers are still here. Please ask staff for help, or apply at the service hall.</source>
        <translation>Sorry, this kiosk&apos;s storage is almost full, so your application cannot be saved right now. Your answers are still here. Please ask staff for help, or apply at the service hall.</translation>
    </message>
    <message>
        <source>Maintenance cannot be opened: this kiosk&apos;s store is not available.</source>
        <translation>Maintenance cannot be opened: this kiosk&apos;s store is not available.</translation>
    </message>
    <message>
        <source>Hub connection</source>
        <translation>Hub connection</translation>
    </message>
    <message>
        <source>Online, sending</source>
        <translation>Online, sending</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Last contact with the hub</source>
        <translation>Last contact with the hub</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>Last sync problem</source>
        <translation>Last sync problem</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Not enrolled with a hub</source>
        <translation>Not enrolled with a hub</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Waiting to be sent</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unknown</translation>
    </message>
    <message numerus="yes">
        <source>%n packet(s) and attachment(s)</source>
        <translation>
            <numerusform>%n packet(s) and attachment(s)</numerusform>
            <numerusform>%n packet(s) and attachment(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>No printer found</source>
        <translation>No printer found</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>No camera found</source>
        <translation>No camera found</translation>
    </message>
    <message>
        <source>ID card reader</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <source>Not configured</source>
        <translation>Not configured</translation>
    </message>
    <message>
        <source>Ready (%1)</source>
        <translation>Ready (%1)</translation>
    </message>
    <message>
        <source>Not found or not readable: %1</source>
        <translation>Not found or not readable: %1</translation>
    </message>
    <message>
        <source>Free disk space</source>
        <translation>Free disk space</translation>
    </message>
    <message>
        <source>%1 free of %2</source>
        <translation>%1 free of %2</translation>
    </message>
    <message>
        <source>(below %1 MB: applications are refused)</source>
        <translation>(below %1 MB: applications are refused)</translation>
    </message>
    <message>
        <source>Crypto self-test at start</source>
        <translation>Crypto self-test at start</translation>
    </message>
    <message>
        <source>Not run</source>
        <translation>Not run</translation>
    </message>
    <message>
        <source>Passed (%1)</source>
        <translation>Passed (%1)</translation>
    </message>
    <message>
        <source>Failed (%1)</source>
        <translation>Failed (%1)</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>%1 (%2 free)</source>
        <translation>%1 (%2 free)</translation>
    </message>
    <message>
        <source>This kiosk is not enrolled with a hub: there is nothing to sync with.</source>
        <translation>This kiosk is not enrolled with a hub: there is nothing to sync with.</translation>
    </message>
    <message>
        <source>Sync started.</source>
        <translation>Sync started.</translation>
    </message>
    <message>
        <source>Nothing can be exported: this kiosk&apos;s store is not available.</source>
        <translation>Nothing can be exported: this kiosk&apos;s store is not available.</translation>
    </message>
    <message>
        <source>Cannot write to %1. Is the USB drive still there and not write-protected?</source>
        <translation>Cannot write to %1. Is the USB drive still there and not write-protected?</translation>
    </message>
    <message>
        <source>Wrote %1 packet(s) and %2 attachment(s) to %3 (%4 already there).</source>
        <translation>Wrote %1 packet(s) and %2 attachment(s) to %3 (%4 already there).</translation>
    </message>
</context>
<context>
    <name>ow::MaterialChecklist</name>
    <message>
        <source>%1 · %2 KB</source>
        <translation>%1 · %2 KB</translation>
    </message>
    <message>
        <source>The file is too large: at most %1 MB.</source>
        <translation>The file is too large: at most %1 MB.</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>The file cannot be read.</translation>
    </message>
    <message>
        <source>The file is not a picture or a PDF.</source>
        <translation>The file is not a picture or a PDF.</translation>
    </message>
</context>
<context>
    <name>ow::MaterialsStep</name>
    <message>
        <source>The picture of “%1” is too large. Please take it again.</source>
        <translation>The picture of “%1” is too large. Please take it again.</translation>
    </message>
    <message>
        <source>The picture could not be taken. Please try again.</source>
        <translation>The picture could not be taken. Please try again.</translation>
    </message>
    <message>
        <source>The camera is not working right now. The pictures already taken are kept; please try again or ask staff for help.</source>
        <translation>The camera is not working right now. The pictures already taken are kept; please try again or ask staff for help.</translation>
    </message>
    <message>
        <source>What was taken for “%1” is not a picture. Please take it again.</source>
        <translation>What was taken for “%1” is not a picture. Please take it again.</translation>
    </message>
    <message>
        <source>This code is not an electronic licence. Please scan the e-licence code.</source>
        <translation>This code is not an electronic licence. Please scan the e-licence code.</translation>
    </message>
    <message>
        <source>This electronic licence cannot be accepted.</source>
        <translation>This electronic licence cannot be accepted.</translation>
    </message>
    <message>
        <source>This electronic licence belongs to someone else. Please scan your own.</source>
        <translation>This electronic licence belongs to someone else. Please scan your own.</translation>
    </message>
    <message>
        <source>This electronic licence is not one of the materials this service needs.</source>
        <translation>This electronic licence is not one of the materials this service needs.</translation>
    </message>
    <message>
        <source>“%1” is still needed. Please take a picture of it, or scan its e-licence code.</source>
        <translation>“%1” is still needed. Please take a picture of it, or scan its e-licence code.</translation>
    </message>
    <message>
        <source>“%1” cannot be given at this kiosk. Please ask staff for help.</source>
        <translation>“%1” cannot be given at this kiosk. Please ask staff for help.</translation>
    </message>
</context>
<context>
    <name>ow::ProgressLookup</name>
    <message>
        <source>This is not a OneWindow receipt code. Please show the code printed on your receipt.</source>
        <translation>This is not a OneWindow receipt code. Please show the code printed on your receipt.</translation>
    </message>
    <message>
        <source>This kiosk cannot ask the county hub right now. Please ask at the service window, or try another kiosk.</source>
        <translation>This kiosk cannot ask the county hub right now. Please ask at the service window, or try another kiosk.</translation>
    </message>
    <message>
        <source>A kiosk or service window</source>
        <translation>A kiosk or service window</translation>
    </message>
    <message>
        <source>The hub&apos;s administrator</source>
        <translation>The hub&apos;s administrator</translation>
    </message>
    <message>
        <source>opened the application to review it</source>
        <translation>opened the application to review it</translation>
    </message>
    <message>
        <source>recorded a decision</source>
        <translation>recorded a decision</translation>
    </message>
    <message>
        <source>looked up its progress</source>
        <translation>looked up its progress</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>who (department)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>This receipt is genuine: application %1 was received by OneWindow. Its progress will show here once this kiosk can reach the county hub; please try again later.</source>
        <translation>This receipt is genuine: application %1 was received by OneWindow. Its progress will show here once this kiosk can reach the county hub; please try again later.</translation>
    </message>
    <message>
        <source>handed the result over</source>
        <translation>handed the result over</translation>
    </message>
    <message>
        <source>yyyy-MM-dd</source>
        <comment>the expected end&apos;s date format</comment>
        <translation>yyyy-MM-dd</translation>
    </message>
    <message>
        <source>%1 · clock paused</source>
        <comment>a step whose clock is paused</comment>
        <translation>%1 · clock paused</translation>
    </message>
    <message>
        <source>Expected to end on %1</source>
        <translation>Expected to end on %1</translation>
    </message>
    <message>
        <source>Special procedure (%1) · clock paused</source>
        <translation>Special procedure (%1) · clock paused</translation>
    </message>
</context>
<context>
    <name>ow::RaterScreen</name>
    <message>
        <source>Overall satisfaction</source>
        <translation>Overall satisfaction</translation>
    </message>
    <message>
        <source>Efficiency</source>
        <translation>Efficiency</translation>
    </message>
    <message>
        <source>Professional skill</source>
        <translation>Professional skill</translation>
    </message>
    <message>
        <source>Attitude</source>
        <translation>Attitude</translation>
    </message>
    <message>
        <source>There is no case to rate.</source>
        <translation>There is no case to rate.</translation>
    </message>
    <message>
        <source>Case %1 has been rated already. Each application is rated once.</source>
        <translation>Case %1 has been rated already. Each application is rated once.</translation>
    </message>
    <message>
        <source>The rating screen asks the citizen to rate case %1.</source>
        <translation>The rating screen asks the citizen to rate case %1.</translation>
    </message>
    <message>
        <source>Case %1 is ready to be rated; no rating screen is connected to this desk.</source>
        <translation>Case %1 is ready to be rated; no rating screen is connected to this desk.</translation>
    </message>
    <message>
        <source>Please choose how satisfied you are and rate each of the four aspects.</source>
        <translation>Please choose how satisfied you are and rate each of the four aspects.</translation>
    </message>
    <message>
        <source>Your rating could not be saved. Please tell the clerk.</source>
        <translation>Your rating could not be saved. Please tell the clerk.</translation>
    </message>
    <message>
        <source>Case %1 rated: %2.</source>
        <translation>Case %1 rated: %2.</translation>
    </message>
</context>
<context>
    <name>ow::RatingStep</name>
    <message>
        <source>This application has already been rated. Thank you.</source>
        <translation>This application has already been rated. Thank you.</translation>
    </message>
    <message>
        <source>This is not a OneWindow receipt code. Please show the code printed on your receipt.</source>
        <translation>This is not a OneWindow receipt code. Please show the code printed on your receipt.</translation>
    </message>
    <message>
        <source>This application was not made at this kiosk. Rating it here needs the county hub, which this kiosk cannot ask yet. Please rate it at the service window or at the kiosk where you applied.</source>
        <translation>This application was not made at this kiosk. Rating it here needs the county hub, which this kiosk cannot ask yet. Please rate it at the service window or at the kiosk where you applied.</translation>
    </message>
    <message>
        <source>This receipt code cannot be read.</source>
        <translation>This receipt code cannot be read.</translation>
    </message>
    <message>
        <source>This kiosk cannot save ratings right now. Please ask at the service window.</source>
        <translation>This kiosk cannot save ratings right now. Please ask at the service window.</translation>
    </message>
    <message>
        <source>Your rating could not be saved: %1</source>
        <translation>Your rating could not be saved: %1</translation>
    </message>
</context>
<context>
    <name>ow::ReviewDesk</name>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 bytes</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>signed</source>
        <translation>signed</translation>
    </message>
    <message>
        <source>Other answers</source>
        <translation>Other answers</translation>
    </message>
    <message>
        <source>Give the reason for the denial: the citizen reads it.</source>
        <translation>Give the reason for the denial: the citizen reads it.</translation>
    </message>
    <message>
        <source>List everything that is missing, in one request: tick the materials or write what else is needed.</source>
        <translation>List everything that is missing, in one request: tick the materials or write what else is needed.</translation>
    </message>
    <message>
        <source>The opinion is too long: at most %1 characters.</source>
        <translation>The opinion is too long: at most %1 characters.</translation>
    </message>
    <message>
        <source>Approved: the citizen will be told.</source>
        <translation>Approved: the citizen will be told.</translation>
    </message>
    <message>
        <source>Denied: the citizen will be told with your reason.</source>
        <translation>Denied: the citizen will be told with your reason.</translation>
    </message>
    <message>
        <source>Correction requested: the clocks stand still until the citizen brings what is missing.</source>
        <translation>Correction requested: the clocks stand still until the citizen brings what is missing.</translation>
    </message>
    <message>
        <source>Your decision on this case waits to be sent to the county hub.</source>
        <translation>Your decision on this case waits to be sent to the county hub.</translation>
    </message>
    <message>
        <source>The county hub cannot be reached: your decision waits on this desk and is sent as soon as the hub answers.</source>
        <translation>The county hub cannot be reached: your decision waits on this desk and is sent as soon as the hub answers.</translation>
    </message>
    <message>
        <source>Your decision on case %1 reached the county hub.</source>
        <translation>Your decision on case %1 reached the county hub.</translation>
    </message>
    <message>
        <source>the case changed on the county hub while your decision waited (a corrected application came in)</source>
        <translation>the case changed on the county hub while your decision waited (a corrected application came in)</translation>
    </message>
    <message>
        <source>it had been decided on the county hub meanwhile</source>
        <translation>it had been decided on the county hub meanwhile</translation>
    </message>
    <message>
        <source>Your decision on case %1 was not taken: %2. Open the case again and decide on what it holds now; what you wrote is kept.</source>
        <translation>Your decision on case %1 was not taken: %2. Open the case again and decide on what it holds now; what you wrote is kept.</translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) you took before you signed out wait to be sent to the county hub: they go as soon as it answers.</source>
        <translation>
            <numerusform>%n decision(s) you took before you signed out wait to be sent to the county hub: they go as soon as it answers.</numerusform>
            <numerusform>%n decision(s) you took before you signed out wait to be sent to the county hub: they go as soon as it answers.</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose the kind of special procedure.</source>
        <translation>Choose the kind of special procedure.</translation>
    </message>
    <message>
        <source>Give the reason for the special procedure.</source>
        <translation>Give the reason for the special procedure.</translation>
    </message>
    <message>
        <source>The reason is too long: at most %1 characters.</source>
        <translation>The reason is too long: at most %1 characters.</translation>
    </message>
    <message>
        <source>Write a short note on the outcome of the special procedure.</source>
        <translation>Write a short note on the outcome of the special procedure.</translation>
    </message>
    <message>
        <source>The note is too long: at most %1 characters.</source>
        <translation>The note is too long: at most %1 characters.</translation>
    </message>
    <message>
        <source>This case is in a special procedure: end it before you decide.</source>
        <translation>This case is in a special procedure: end it before you decide.</translation>
    </message>
    <message>
        <source>This case is not in a special procedure.</source>
        <translation>This case is not in a special procedure.</translation>
    </message>
    <message>
        <source>Special procedure started: the clocks stand still until you end it (expected %1).</source>
        <translation>Special procedure started: the clocks stand still until you end it (expected %1).</translation>
    </message>
    <message>
        <source>Special procedure ended: the case is back in review and its clocks run again.</source>
        <translation>Special procedure ended: the case is back in review and its clocks run again.</translation>
    </message>
    <message>
        <source>Special procedure: %1</source>
        <translation>Special procedure: %1</translation>
    </message>
    <message>
        <source>Special procedure ended</source>
        <translation>Special procedure ended</translation>
    </message>
    <message>
        <source>Your decision on case %1 was not taken: it had been decided on the county hub meanwhile (%2).</source>
        <translation>Your decision on case %1 was not taken: it had been decided on the county hub meanwhile (%2).</translation>
    </message>
</context>
<context>
    <name>ow::ReviewQueueModel</name>
    <message>
        <source>paused</source>
        <translation>paused</translation>
    </message>
    <message numerus="yes">
        <source>overdue by %n working day(s)</source>
        <translation>
            <numerusform>overdue by %n working day(s)</numerusform>
            <numerusform>overdue by %n working day(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>due today</source>
        <translation>due today</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) left</source>
        <translation>
            <numerusform>%n working day(s) left</numerusform>
            <numerusform>%n working day(s) left</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · expected to end %2 · %3</source>
        <translation>%1 · expected to end %2 · %3</translation>
    </message>
</context>
<context>
    <name>ow::Voice</name>
    <message>
        <source>Welcome. Tap what you would like to do, or call a helper.</source>
        <translation>Welcome. Tap what you would like to do, or call a helper.</translation>
    </message>
    <message>
        <source>Which service do you need? Search by its name or choose it from the list.</source>
        <translation>Which service do you need? Search by its name or choose it from the list.</translation>
    </message>
    <message>
        <source>Here is what this service asks for. When you are ready, tap Start.</source>
        <translation>Here is what this service asks for. When you are ready, tap Start.</translation>
    </message>
    <message>
        <source>This is not available at the kiosk yet. Please ask at the service window.</source>
        <translation>This is not available at the kiosk yet. Please ask at the service window.</translation>
    </message>
    <message>
        <source>Please place your ID card on the reader, or type your ID number.</source>
        <translation>Please place your ID card on the reader, or type your ID number.</translation>
    </message>
    <message>
        <source>Please answer the questions on the screen, then tap Next.</source>
        <translation>Please answer the questions on the screen, then tap Next.</translation>
    </message>
    <message>
        <source>Please show each material to the camera, or show its electronic licence code.</source>
        <translation>Please show each material to the camera, or show its electronic licence code.</translation>
    </message>
    <message>
        <source>Please check your answers. If something is wrong, go back and correct it.</source>
        <translation>Please check your answers. If something is wrong, go back and correct it.</translation>
    </message>
    <message>
        <source>Please read what is collected and why. To send your application, tap Agree and submit.</source>
        <translation>Please read what is collected and why. To send your application, tap Agree and submit.</translation>
    </message>
    <message>
        <source>Your application is submitted. Please take your receipt.</source>
        <translation>Your application is submitted. Please take your receipt.</translation>
    </message>
    <message>
        <source>Please hold the code on your receipt under the scanner.</source>
        <translation>Please hold the code on your receipt under the scanner.</translation>
    </message>
    <message>
        <source>Your answers are saved. Please take this code to the service window.</source>
        <translation>Your answers are saved. Please take this code to the service window.</translation>
    </message>
    <message>
        <source>How satisfied are you with this service? Please tap one of the buttons.</source>
        <translation>How satisfied are you with this service? Please tap one of the buttons.</translation>
    </message>
    <message>
        <source>Silent: this kiosk has no speech output.</source>
        <translation>Silent: this kiosk has no speech output.</translation>
    </message>
    <message>
        <source>Silent: %1</source>
        <translation>Silent: %1</translation>
    </message>
    <message>
        <source>Ready (%1)</source>
        <translation>Ready (%1)</translation>
    </message>
    <message>
        <source>This is the kiosk&apos;s voice at the volume now set.</source>
        <translation>This is the kiosk&apos;s voice at the volume now set.</translation>
    </message>
    <message>
        <source>Some answers on this page need your attention: they are marked in red.</source>
        <translation>Some answers on this page need your attention: they are marked in red.</translation>
    </message>
</context>
<context>
    <name>ow::WindowDesk</name>
    <message>
        <source>Enter the applicant&apos;s name as on the ID card.</source>
        <translation>Enter the applicant&apos;s name as on the ID card.</translation>
    </message>
    <message>
        <source>The ID number&apos;s last character does not match: please check the number.</source>
        <translation>The ID number&apos;s last character does not match: please check the number.</translation>
    </message>
    <message>
        <source>The ID number does not hold a real date of birth: please check the number.</source>
        <translation>The ID number does not hold a real date of birth: please check the number.</translation>
    </message>
    <message>
        <source>A resident ID number has 18 characters: 17 digits and a digit or X.</source>
        <translation>A resident ID number has 18 characters: 17 digits and a digit or X.</translation>
    </message>
    <message>
        <source>This desk cannot save applications: its store is not open.</source>
        <translation>This desk cannot save applications: its store is not open.</translation>
    </message>
    <message>
        <source>Identify the applicant first: type the ID number and the name.</source>
        <translation>Identify the applicant first: type the ID number and the name.</translation>
    </message>
    <message>
        <source>Choose the service item first.</source>
        <translation>Choose the service item first.</translation>
    </message>
    <message numerus="yes">
        <source>The form is not complete: %n answer(s) are missing or wrong (marked in red).</source>
        <translation>
            <numerusform>The form is not complete: %n answer(s) are missing or wrong (marked in red).</numerusform>
            <numerusform>The form is not complete: %n answer(s) are missing or wrong (marked in red).</numerusform>
        </translation>
    </message>
    <message>
        <source>Accepted with materials to follow (容缺受理): case %1.</source>
        <translation>Accepted with materials to follow (容缺受理): case %1.</translation>
    </message>
    <message>
        <source>Accepted on the applicant&apos;s pledge: case %1.</source>
        <translation>Accepted on the applicant&apos;s pledge: case %1.</translation>
    </message>
    <message>
        <source>Accepted: case %1.</source>
        <translation>Accepted: case %1.</translation>
    </message>
    <message>
        <source>Give the reason for not accepting: it is written on the refusal notice.</source>
        <translation>Give the reason for not accepting: it is written on the refusal notice.</translation>
    </message>
    <message>
        <source>Not accepted (不予受理): case %1, with your reason.</source>
        <translation>Not accepted (不予受理): case %1, with your reason.</translation>
    </message>
    <message>
        <source>missing, accepted (容缺)</source>
        <translation>missing, accepted (容缺)</translation>
    </message>
    <message>
        <source>The folder for notices cannot be created.</source>
        <translation>The folder for notices cannot be created.</translation>
    </message>
    <message>
        <source>Case %1 issued: %2. The county hub is told as soon as it can be reached.</source>
        <translation>Case %1 issued: %2. The county hub is told as soon as it can be reached.</translation>
    </message>
    <message>
        <source>This desk is not connected to the county hub, so it cannot fetch applications saved at kiosks. Please fill the application in here.</source>
        <translation>This desk is not connected to the county hub, so it cannot fetch applications saved at kiosks. Please fill the application in here.</translation>
    </message>
    <message>
        <source>This is not a pickup code. Type the 8 letters and digits under the QR code of the pickup slip (for example ABCD-EFGH), or scan the QR code.</source>
        <translation>This is not a pickup code. Type the 8 letters and digits under the QR code of the pickup slip (for example ABCD-EFGH), or scan the QR code.</translation>
    </message>
    <message>
        <source>Fetching the application saved at the kiosk…</source>
        <translation>Fetching the application saved at the kiosk…</translation>
    </message>
    <message>
        <source>The application %1 is for a service item this desk does not have. Please ask the administrator to update the catalog.</source>
        <translation>The application %1 is for a service item this desk does not have. Please ask the administrator to update the catalog.</translation>
    </message>
    <message numerus="yes">
        <source>Application %1 from the kiosk is open, with %n picture(s) attached as scans. Check the answers and each material with the citizen, then accept.</source>
        <translation>
            <numerusform>Application %1 from the kiosk is open, with %n picture(s) attached as scans. Check the answers and each material with the citizen, then accept.</numerusform>
            <numerusform>Application %1 from the kiosk is open, with %n picture(s) attached as scans. Check the answers and each material with the citizen, then accept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Application %1 from the kiosk is open, with %n picture(s) attached as scans. Identify the applicant, check the answers and each material, then accept.</source>
        <translation>
            <numerusform>Application %1 from the kiosk is open, with %n picture(s) attached as scans. Identify the applicant, check the answers and each material, then accept.</numerusform>
            <numerusform>Application %1 from the kiosk is open, with %n picture(s) attached as scans. Identify the applicant, check the answers and each material, then accept.</numerusform>
        </translation>
    </message>
    <message>
        <source>Clocks paused since %1</source>
        <translation>Clocks paused since %1</translation>
    </message>
    <message>
        <source>Clocks paused since %1 · %2 of %3 working days left</source>
        <translation>Clocks paused since %1 · %2 of %3 working days left</translation>
    </message>
    <message>
        <source>Other material asked for</source>
        <translation>Other material asked for</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>Choose the case first.</source>
        <translation>Choose the case first.</translation>
    </message>
    <message>
        <source>Choose the material the file is for.</source>
        <translation>Choose the material the file is for.</translation>
    </message>
    <message>
        <source>Type the path of the scan, or scan it with the document camera.</source>
        <translation>Type the path of the scan, or scan it with the document camera.</translation>
    </message>
    <message>
        <source>The file is too large: at most %1 MB.</source>
        <translation>The file is too large: at most %1 MB.</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>The file cannot be read.</translation>
    </message>
    <message>
        <source>The file is not a picture or a PDF.</source>
        <translation>The file is not a picture or a PDF.</translation>
    </message>
    <message>
        <source>This desk is not enrolled with the county hub: corrections cannot be sent back to the reviewer from here.</source>
        <translation>This desk is not enrolled with the county hub: corrections cannot be sent back to the reviewer from here.</translation>
    </message>
    <message numerus="yes">
        <source>Case %1 goes back to the reviewer with %n material(s). The county hub gets it as soon as it can be reached.</source>
        <translation>
            <numerusform>Case %1 goes back to the reviewer with %n material(s). The county hub gets it as soon as it can be reached.</numerusform>
            <numerusform>Case %1 goes back to the reviewer with %n material(s). The county hub gets it as soon as it can be reached.</numerusform>
        </translation>
    </message>
    <message>
        <source>Another applicant is on screen. Choose “Next citizen” (Ctrl+N) first, then read the card again.</source>
        <translation>Another applicant is on screen. Choose “Next citizen” (Ctrl+N) first, then read the card again.</translation>
    </message>
    <message>
        <source>Read from the ID card. Check that the card is the applicant&apos;s, then choose the service item.</source>
        <translation>Read from the ID card. Check that the card is the applicant&apos;s, then choose the service item.</translation>
    </message>
    <message>
        <source>Case %1 is not on this desk.</source>
        <translation>Case %1 is not on this desk.</translation>
    </message>
    <message>
        <source>Case %1 was not accepted at a window: it has no acceptance notice.</source>
        <translation>Case %1 was not accepted at a window: it has no acceptance notice.</translation>
    </message>
    <message>
        <source>Type the case number whose papers are to be printed again.</source>
        <translation>Type the case number whose papers are to be printed again.</translation>
    </message>
    <message>
        <source>The papers of case %1 were not printed: %2</source>
        <translation>The papers of case %1 were not printed: %2</translation>
    </message>
    <message>
        <source>Printed again: the acceptance notice and the materials receipt of case %1.</source>
        <translation>Printed again: the acceptance notice and the materials receipt of case %1.</translation>
    </message>
    <message>
        <source>No printer is set up: the acceptance notice and the materials receipt of case %1 were saved as PDF files.</source>
        <translation>No printer is set up: the acceptance notice and the materials receipt of case %1 were saved as PDF files.</translation>
    </message>
    <message>
        <source>The scanned ID number is not valid: please check the citizen&apos;s ID card.</source>
        <translation>The scanned ID number is not valid: please check the citizen&apos;s ID card.</translation>
    </message>
    <message>
        <source>This code is neither a resident ID number nor a kiosk&apos;s pickup code.</source>
        <translation>This code is neither a resident ID number nor a kiosk&apos;s pickup code.</translation>
    </message>
    <message>
        <source>Another applicant is on screen. Choose “Next citizen” (Ctrl+N) first, then scan the code again.</source>
        <translation>Another applicant is on screen. Choose “Next citizen” (Ctrl+N) first, then scan the code again.</translation>
    </message>
    <message>
        <source>ID number read from the code. Enter the applicant&apos;s name as on the ID card.</source>
        <translation>ID number read from the code. Enter the applicant&apos;s name as on the ID card.</translation>
    </message>
    <message>
        <source>Not accepted (不予受理): case %1. The refusal notice was not printed: %2</source>
        <translation>Not accepted (不予受理): case %1. The refusal notice was not printed: %2</translation>
    </message>
    <message>
        <source>Printed again: the refusal notice of case %1.</source>
        <translation>Printed again: the refusal notice of case %1.</translation>
    </message>
    <message>
        <source>No printer is set up: the refusal notice of case %1 was saved as a PDF file.</source>
        <translation>No printer is set up: the refusal notice of case %1 was saved as a PDF file.</translation>
    </message>
    <message>
        <source>Accepted: case %1. The acceptance notice and the materials receipt were not printed: %2</source>
        <translation>Accepted: case %1. The acceptance notice and the materials receipt were not printed: %2</translation>
    </message>
    <message>
        <source>the printer is not ready (out of paper, a paper jam or an open cover). Check the printer, then choose “Print again”.</source>
        <translation>the printer is not ready (out of paper, a paper jam or an open cover). Check the printer, then choose “Print again”.</translation>
    </message>
    <message>
        <source>the printer is not connected or not set up. Check its cable and power and the printer named for this desk (--printer), then choose “Print again”.</source>
        <translation>the printer is not connected or not set up. Check its cable and power and the printer named for this desk (--printer), then choose “Print again”.</translation>
    </message>
    <message>
        <source>Special procedure (特别程序)</source>
        <translation>Special procedure (特别程序)</translation>
    </message>
    <message>
        <source>Special procedure (%1) · expected to end on %2</source>
        <translation>Special procedure (%1) · expected to end on %2</translation>
    </message>
</context>
</TS>
