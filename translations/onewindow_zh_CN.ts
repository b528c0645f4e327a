<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AcceptPage</name>
    <message>
        <source>Not checked yet</source>
        <translation>尚未核验</translation>
    </message>
    <message>
        <source>Paper original seen</source>
        <translation>已核验纸质原件</translation>
    </message>
    <message>
        <source>E-licence reused (免证办)</source>
        <translation>电子证照（免证办）</translation>
    </message>
    <message>
        <source>Scan attached</source>
        <translation>已附扫描件</translation>
    </message>
    <message>
        <source>Missing, accepted (容缺)</source>
        <translation>容缺受理</translation>
    </message>
    <message>
        <source>Pledge instead (告知承诺)</source>
        <translation>告知承诺替代</translation>
    </message>
    <message>
        <source>Accept an application</source>
        <translation>综合受理</translation>
    </message>
    <message>
        <source>Next citizen</source>
        <translation>下一位</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Resident ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <source>Name as on the ID card</source>
        <translation>姓名（与身份证一致）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Identify</source>
        <translation>核验身份</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>服务事项</translation>
    </message>
    <message>
        <source>Find a service item</source>
        <translation>查找服务事项</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation>（非必要）</translation>
    </message>
    <message>
        <source>E-licence number</source>
        <translation>电子证照编号</translation>
    </message>
    <message>
        <source>Scan file</source>
        <translation>扫描件文件</translation>
    </message>
    <message>
        <source>Path of the scan (PNG, JPEG or PDF)</source>
        <translation>扫描件路径（PNG、JPEG 或 PDF）</translation>
    </message>
    <message>
        <source>Brought by</source>
        <translation>补交日期</translation>
    </message>
    <message>
        <source>The applicant signed the pledge</source>
        <translation>申请人已签署承诺书</translation>
    </message>
    <message>
        <source>Choose a service item: its materials are listed here.</source>
        <translation>请选择服务事项，此处列出所需材料。</translation>
    </message>
    <message>
        <source>Accept (受理)</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Reason for not accepting</source>
        <translation>不予受理的理由</translation>
    </message>
    <message>
        <source>Reason for not accepting (written on the refusal notice)</source>
        <translation>不予受理的理由（写入不予受理通知书）</translation>
    </message>
    <message>
        <source>Do not accept (不予受理)</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Identify the applicant and choose the service item.</source>
        <translation>请核验申请人身份并选择服务事项。</translation>
    </message>
    <message>
        <source>Continued from kiosk application %1</source>
        <translation>接续自助终端申请 %1</translation>
    </message>
    <message>
        <source>Pickup code from a kiosk</source>
        <translation>自助终端取件码</translation>
    </message>
    <message>
        <source>ABCD-EFGH, or scan the slip</source>
        <translation>ABCD-EFGH，或扫描取件单</translation>
    </message>
    <message>
        <source>Fetching…</source>
        <translation>正在获取…</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>接续办理</translation>
    </message>
    <message>
        <source>Print again (重新打印)</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <source>Reading the ID card…</source>
        <translation>正在读取身份证…</translation>
    </message>
    <message>
        <source>Place the applicant&apos;s ID card on the reader, or type the number and the name below.</source>
        <translation>请将申请人的身份证放在读卡器上，或在下方输入身份号码和姓名。</translation>
    </message>
    <message>
        <source>Tap a demo card (demonstration)</source>
        <translation>模拟刷卡（演示）</translation>
    </message>
    <message>
        <source>Read from the ID card</source>
        <translation>已从身份证读取</translation>
    </message>
    <message>
        <source>Ask for a rating</source>
        <translation>请群众评价</translation>
    </message>
</context>
<context>
    <name>AdminPin</name>
    <message>
        <source>The admin PIN must be %1 to %2 digits.</source>
        <translation>管理员密码须为 %1 到 %2 位数字。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Maintenance is locked until %1.</source>
        <translation>密码错误次数过多，维护功能已锁定，请于 %1 之后再试。</translation>
    </message>
    <message>
        <source>The admin PIN could not be saved.</source>
        <translation>管理员密码未能保存。</translation>
    </message>
    <message>
        <source>The PIN could not be checked on this kiosk. Please try again.</source>
        <translation>本机暂时无法核对密码，请再试一次。</translation>
    </message>
    <message>
        <source>No admin PIN is set on this kiosk. Set one with &quot;onewindow-kiosk --set-admin-pin&quot;.</source>
        <translation>本机尚未设置管理员密码。请用“onewindow-kiosk --set-admin-pin”设置。</translation>
    </message>
    <message>
        <source>Wrong PIN. Too many wrong PINs: maintenance is locked until %1.</source>
        <translation>密码错误。错误次数过多，维护功能已锁定，请于 %1 之后再试。</translation>
    </message>
    <message numerus="yes">
        <source>Wrong PIN. %n more wrong PIN(s) will lock maintenance.</source>
        <translation>
            <numerusform>密码错误。再错 %n 次，维护功能将被锁定。</numerusform>
        </translation>
    </message>
    <message>
        <source>The admin PIN is saved.</source>
        <translation>管理员密码已保存。</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies) shown</source>
        <translation>
            <numerusform>显示 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Audit trail of</source>
        <translation>审计范围</translation>
    </message>
    <message>
        <source>This desk</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>County hub</source>
        <translation>县级平台</translation>
    </message>
    <message>
        <source>Not signed in with the county hub · this desk&apos;s trail only</source>
        <translation>未登录县级平台 · 仅可查看本机审计日志</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作人员</translation>
    </message>
    <message>
        <source>Operator account</source>
        <translation>操作人员账号</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Action, e.g. case_open</source>
        <translation>操作类型，如 case_open</translation>
    </message>
    <message>
        <source>From (date)</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>From yyyy-mm-dd</source>
        <translation>起始 年-月-日</translation>
    </message>
    <message>
        <source>To (date)</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>To yyyy-mm-dd</source>
        <translation>截止 年-月-日</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>查询中…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>核验审计链</translation>
    </message>
    <message>
        <source>Export signed extract</source>
        <translation>导出签名摘录</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>not sealed</source>
        <translation>未封存</translation>
    </message>
    <message>
        <source>%1 · first broken entry</source>
        <translation>%1 · 首条断链记录</translation>
    </message>
    <message>
        <source>Asking the county hub…</source>
        <translation>正在查询县级平台…</translation>
    </message>
    <message>
        <source>No entries to show. Type what you look for, or nothing for the newest, and press Search.</source>
        <translation>暂无记录。请输入查询条件（留空则显示最新记录），然后点击“查询”。</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Close the message</source>
        <translation>关闭提示</translation>
    </message>
</context>
<context>
    <name>CameraCapture</name>
    <message>
        <source>Picture of: %1</source>
        <translation>拍摄：%1</translation>
    </message>
    <message>
        <source>Lay the paper flat under the camera, then tap the button.</source>
        <translation>请将材料平放在摄像头下，然后点按钮拍照。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Take the picture</source>
        <translation>拍照</translation>
    </message>
</context>
<context>
    <name>CasePanel</name>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Case %1 · received %2 · %3</source>
        <translation>办件 %1 · 收件于 %2 · %3</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>承诺时限</translation>
    </message>
    <message>
        <source>Statutory</source>
        <translation>法定时限</translation>
    </message>
    <message>
        <source>Application form</source>
        <translation>申请表</translation>
    </message>
    <message>
        <source>Materials and attachments</source>
        <translation>材料与附件</translation>
    </message>
    <message>
        <source>None came with the application.</source>
        <translation>申请未附材料。</translation>
    </message>
    <message>
        <source>This case does not wait for a decision now.</source>
        <translation>此办件当前不在待审批状态。</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>准予</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>不予许可</translation>
    </message>
    <message>
        <source>Request correction</source>
        <translation>补齐补正</translation>
    </message>
    <message>
        <source>Opinion (optional)</source>
        <translation>审批意见（可不填）</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>审批意见</translation>
    </message>
    <message>
        <source>Approve the application</source>
        <translation>准予许可</translation>
    </message>
    <message>
        <source>Reason for the denial (required; the citizen reads it)</source>
        <translation>不予许可的理由（必填，申请人会看到）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Deny the application</source>
        <translation>不予许可</translation>
    </message>
    <message>
        <source>Everything that is missing, in one request (补齐补正): the clocks stop until the citizen brings it.</source>
        <translation>一次性告知需补齐补正的全部内容：申请人补齐前，办理时限暂停计算。</translation>
    </message>
    <message>
        <source>Anything else that is missing</source>
        <translation>其他需补正的内容</translation>
    </message>
    <message>
        <source>Anything else that is missing, one per line</source>
        <translation>其他需补正的内容，每行一项</translation>
    </message>
    <message>
        <source>Request the correction</source>
        <translation>发出补正告知</translation>
    </message>
    <message>
        <source>Special procedure</source>
        <translation>特别程序</translation>
    </message>
    <message>
        <source>A hearing, tender, inspection, appraisal or expert review (特别程序): the clocks stand still until you end it.</source>
        <translation>听证、招标、拍卖、检验检测检疫、鉴定或专家评审（特别程序）：结束前办理时限暂停计算。</translation>
    </message>
    <message>
        <source>Kind of special procedure</source>
        <translation>特别程序种类</translation>
    </message>
    <message>
        <source>Expected end</source>
        <translation>预计结束日期</translation>
    </message>
    <message>
        <source>yyyy-mm-dd</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <source>+%1 days</source>
        <translation>+%1 天</translation>
    </message>
    <message>
        <source>Why the case needs it (required, at most %1 characters)</source>
        <translation>需要特别程序的原因（必填，最多 %1 字）</translation>
    </message>
    <message>
        <source>Start the special procedure</source>
        <translation>启动特别程序</translation>
    </message>
    <message>
        <source>Special procedure: %1 · started %2 · expected to end %3</source>
        <translation>特别程序：%1 · %2 启动 · 预计 %3 结束</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>A short note on the outcome (required)</source>
        <translation>简要说明特别程序的结果（必填）</translation>
    </message>
    <message>
        <source>End the special procedure</source>
        <translation>结束特别程序</translation>
    </message>
</context>
<context>
    <name>CaseText</name>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收件</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Correction requested</source>
        <translation>补齐补正</translation>
    </message>
    <message>
        <source>Accepted with materials pending</source>
        <translation>容缺受理</translation>
    </message>
    <message>
        <source>Accepted on pledge</source>
        <translation>告知承诺受理</translation>
    </message>
    <message>
        <source>Under review</source>
        <translation>审查中</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>特别程序（挂起）</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>准予许可</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>不予许可</translation>
    </message>
    <message>
        <source>Concluded</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>已出件</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤件</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退件</translation>
    </message>
    <message>
        <source>A case that is “%1” cannot become “%2”.</source>
        <translation>状态为“%1”的办件不能转为“%2”。</translation>
    </message>
    <message>
        <source>Hearing</source>
        <translation>听证</translation>
    </message>
    <message>
        <source>Tender</source>
        <translation>招标</translation>
    </message>
    <message>
        <source>Auction</source>
        <translation>拍卖</translation>
    </message>
    <message>
        <source>Inspection, testing or quarantine</source>
        <translation>检验、检测、检疫</translation>
    </message>
    <message>
        <source>Appraisal</source>
        <translation>鉴定</translation>
    </message>
    <message>
        <source>Expert review</source>
        <translation>专家评审</translation>
    </message>
    <message>
        <source>Type the expected end as a date, for example %1.</source>
        <translation>请按日期填写预计结束日期，例如 %1。</translation>
    </message>
    <message>
        <source>The expected end must be after today.</source>
        <translation>预计结束日期必须晚于今天。</translation>
    </message>
    <message>
        <source>The expected end may be at most %1 days ahead (until %2).</source>
        <translation>预计结束日期最多为 %1 天后（最晚 %2）。</translation>
    </message>
</context>
<context>
    <name>CatalogText</name>
    <message>
        <source>unknown property “%1”</source>
        <translation>未知属性“%1”</translation>
    </message>
    <message>
        <source>required property is missing</source>
        <translation>缺少必填属性</translation>
    </message>
    <message>
        <source>must be a non-empty string</source>
        <translation>必须是非空字符串</translation>
    </message>
    <message>
        <source>“%1” is not %2</source>
        <translation>“%1”不是%2</translation>
    </message>
    <message>
        <source>“%1” is not one of %2</source>
        <translation>“%1”不在可选值 %2 之中</translation>
    </message>
    <message>
        <source>must be a whole number from %1 to %2</source>
        <translation>必须是 %1 到 %2 之间的整数</translation>
    </message>
    <message>
        <source>must be a number</source>
        <translation>必须是数字</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>必须是 true 或 false</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>必须是对象</translation>
    </message>
    <message>
        <source>must be an array</source>
        <translation>必须是数组</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>不能为空</translation>
    </message>
    <message>
        <source>must be a text object {&quot;zh&quot;: …, &quot;en&quot;: …}</source>
        <translation>必须是文本对象 {&quot;zh&quot;: …, &quot;en&quot;: …}</translation>
    </message>
    <message>
        <source>“%1” is listed twice</source>
        <translation>“%1”重复列出</translation>
    </message>
    <message>
        <source>%1 fills a text field</source>
        <translation>%1 只能填入文本字段</translation>
    </message>
    <message>
        <source>%1 fills an ID number field</source>
        <translation>%1 只能填入身份证号码字段</translation>
    </message>
    <message>
        <source>%1 fills a date field</source>
        <translation>%1 只能填入日期字段</translation>
    </message>
    <message>
        <source>%1 fills an address or text field</source>
        <translation>%1 只能填入地址或文本字段</translation>
    </message>
    <message>
        <source>%1 fills a mobile field</source>
        <translation>%1 只能填入手机号码字段</translation>
    </message>
    <message>
        <source>%1 fills a choice with exactly the options male and female</source>
        <translation>%1 只能填入选项恰为 male 和 female 的单选字段</translation>
    </message>
    <message>
        <source>“%1” is not an e-licence type</source>
        <translation>“%1”不是电子证照类型</translation>
    </message>
    <message>
        <source>the e-licence %1 has no field “%2”</source>
        <translation>电子证照 %1 没有字段“%2”</translation>
    </message>
    <message>
        <source>%1 fills a number field</source>
        <translation>%1 只能填入数字字段</translation>
    </message>
    <message>
        <source>%1 fills a text, ID number, USCC, address or bank card field</source>
        <translation>%1 只能填入文本、身份证号码、统一社会信用代码、地址或银行卡字段</translation>
    </message>
    <message>
        <source>“%1” is not a known prefill source</source>
        <translation>“%1”不是已知的预填来源</translation>
    </message>
    <message>
        <source>“%1” is not a valid unified social credit code</source>
        <translation>“%1”不是有效的统一社会信用代码</translation>
    </message>
    <message>
        <source>a lowerCamelCase id</source>
        <translation>小驼峰格式的标识</translation>
    </message>
    <message>
        <source>“%1” is not a field type</source>
        <translation>“%1”不是字段类型</translation>
    </message>
    <message>
        <source>only allowed with &quot;required&quot;: false</source>
        <translation>仅在 &quot;required&quot;: false 时允许使用</translation>
    </message>
    <message>
        <source>minLength is greater than maxLength</source>
        <translation>minLength 大于 maxLength</translation>
    </message>
    <message>
        <source>the pattern does not compile</source>
        <translation>正则表达式无法编译</translation>
    </message>
    <message>
        <source>min is greater than max</source>
        <translation>min 大于 max</translation>
    </message>
    <message>
        <source>“%1” is not a real date (YYYY-MM-DD)</source>
        <translation>“%1”不是有效日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>min is after max</source>
        <translation>min 晚于 max</translation>
    </message>
    <message>
        <source>a choice needs at least two options</source>
        <translation>选择题至少需要两个选项</translation>
    </message>
    <message>
        <source>a lowerCamelCase value</source>
        <translation>小驼峰格式的取值</translation>
    </message>
    <message>
        <source>the option “%1” is listed twice</source>
        <translation>选项“%1”重复</translation>
    </message>
    <message>
        <source>minCount is greater than maxCount</source>
        <translation>minCount 大于 maxCount</translation>
    </message>
    <message>
        <source>visibility depends on itself: %1</source>
        <translation>显示条件循环依赖：%1</translation>
    </message>
    <message>
        <source>the first group must be “applicant”</source>
        <translation>第一个分组必须是“applicant”（申请人信息）</translation>
    </message>
    <message>
        <source>the applicant group needs a %1 field “%2”</source>
        <translation>申请人分组需要 %1 类型的字段“%2”</translation>
    </message>
    <message>
        <source>the applicant group needs applicantRegion or applicantAddress</source>
        <translation>申请人分组需要 applicantRegion 或 applicantAddress</translation>
    </message>
    <message>
        <source>an “agent” group shown when applyByAgent == true is required</source>
        <translation>需要一个在 applyByAgent == true 时显示的“agent”（代办人）分组</translation>
    </message>
    <message>
        <source>the last group must be “declaration” with applicantSignature</source>
        <translation>最后一个分组必须是含 applicantSignature 的“declaration”（承诺与签名）</translation>
    </message>
    <message>
        <source>a payment item needs a bankCard field for the subsidy account</source>
        <translation>给付类事项需要用于补贴发放账户的 bankCard 字段</translation>
    </message>
    <message>
        <source>not valid JSON: %1 at byte %2</source>
        <translation>不是有效的 JSON：第 %2 字节处%1</translation>
    </message>
    <message>
        <source>an item file holds one JSON object</source>
        <translation>事项文件应包含一个 JSON 对象</translation>
    </message>
    <message>
        <source>a kebab-case id</source>
        <translation>短横线格式的标识</translation>
    </message>
    <message>
        <source>the file must be named %1.json</source>
        <translation>文件名必须是 %1.json</translation>
    </message>
    <message>
        <source>12 digits</source>
        <translation>12 位数字</translation>
    </message>
    <message>
        <source>the implementation code must be the department code followed by the base code</source>
        <translation>实施编码必须由实施主体编码加基本编码组成</translation>
    </message>
    <message>
        <source>the promised limit exceeds the statutory limit</source>
        <translation>承诺办结时限超过法定办结时限</translation>
    </message>
    <message>
        <source>must be 0 exactly for on-the-spot items</source>
        <translation>即办件必须为 0，承诺件不能为 0</translation>
    </message>
    <message>
        <source>the steps take %1 working days, more than the promised %2</source>
        <translation>各环节合计 %1 个工作日，超过承诺时限 %2 个工作日</translation>
    </message>
    <message>
        <source>fee items are listed exactly when a fee is charged</source>
        <translation>收费时必须列出收费项目，不收费时不得列出</translation>
    </message>
    <message>
        <source>the material id “%1” is used twice</source>
        <translation>材料标识“%1”重复</translation>
    </message>
    <message>
        <source>a condition is given exactly for conditional materials</source>
        <translation>仅“依情形”材料需要且必须给出条件</translation>
    </message>
    <message>
        <source>copies is 0 exactly for e-licence materials</source>
        <translation>仅电子证照材料的份数为 0</translation>
    </message>
    <message>
        <source>the issuer is named exactly when the source is an issuer</source>
        <translation>来源为核发部门时必须且只能写明核发部门</translation>
    </message>
    <message>
        <source>“%1” is a reserved word</source>
        <translation>“%1”是保留字</translation>
    </message>
    <message>
        <source>the id “%1” is used twice</source>
        <translation>标识“%1”重复</translation>
    </message>
    <message>
        <source>cannot be read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <source>is larger than 4 MB</source>
        <translation>文件大于 4 MB</translation>
    </message>
    <message>
        <source>the id %1 is also used by another file</source>
        <translation>标识 %1 已被另一个文件使用</translation>
    </message>
    <message>
        <source>the base code is also used by %1</source>
        <translation>基本编码已被 %1 使用</translation>
    </message>
    <message>
        <source>the implementation code is also used by %1</source>
        <translation>实施编码已被 %1 使用</translation>
    </message>
    <message>
        <source>the department code %1 is named “%2” elsewhere</source>
        <translation>部门编码 %1 在别处的名称为“%2”</translation>
    </message>
    <message>
        <source>yes/no</source>
        <translation>是/否</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>only \&quot; and \\ may be escaped in a string</source>
        <translation>字符串中只能转义 \&quot; 和 \\</translation>
    </message>
    <message>
        <source>the string is not closed</source>
        <translation>字符串缺少结束引号</translation>
    </message>
    <message>
        <source>“%1” is not an operator (use == or !=)</source>
        <translation>“%1”不是运算符（请用 == 或 !=）</translation>
    </message>
    <message>
        <source>unexpected character “%1”</source>
        <translation>意外的字符“%1”</translation>
    </message>
    <message>
        <source>unexpected “%1” after the end of the condition</source>
        <translation>条件结束后出现多余的“%1”</translation>
    </message>
    <message>
        <source>a condition must be yes/no, this one is a %1</source>
        <translation>条件的结果必须是“是/否”，此处为%1</translation>
    </message>
    <message>
        <source>expected %1 but found “%2”</source>
        <translation>此处应为%1，实际为“%2”</translation>
    </message>
    <message>
        <source>the end</source>
        <translation>结尾</translation>
    </message>
    <message>
        <source>“%1” needs yes/no operands, not %2</source>
        <translation>“%1”的运算对象必须是“是/否”，不能是%2</translation>
    </message>
    <message>
        <source>the condition is too deeply nested</source>
        <translation>条件嵌套层数过多</translation>
    </message>
    <message>
        <source>“%1” is not an option of %2 (options: %3)</source>
        <translation>“%1”不是 %2 的选项（可选：%3）</translation>
    </message>
    <message>
        <source>comparisons cannot be chained; use “and”</source>
        <translation>比较不能连写，请用“and”</translation>
    </message>
    <message>
        <source>cannot compare %1 with %2</source>
        <translation>%1 不能与 %2 比较</translation>
    </message>
    <message>
        <source>%1 values cannot be compared with %2; use “in” or isSet()</source>
        <translation>%1 不能用 %2 比较，请用“in”或 isSet()</translation>
    </message>
    <message>
        <source>“%1” compares two numbers or two dates, not %2 and %3</source>
        <translation>“%1”只能比较两个数字或两个日期，不能比较%2和%3</translation>
    </message>
    <message>
        <source>“in [...]” needs text or a number on its left, not %1</source>
        <translation>“in [...]”左侧必须是文本或数字，不能是%1</translation>
    </message>
    <message>
        <source>the list holds %1 but is compared with %2</source>
        <translation>列表中是%1，却与%2比较</translation>
    </message>
    <message>
        <source>“in” needs a list in brackets or a multiple-choice field</source>
        <translation>“in”右侧必须是方括号列表或多选字段</translation>
    </message>
    <message>
        <source>a multiple-choice field holds text values</source>
        <translation>多选字段的取值是文本</translation>
    </message>
    <message>
        <source>a date in quotes</source>
        <translation>带引号的日期</translation>
    </message>
    <message>
        <source>expected a value but found “%1”</source>
        <translation>此处应为取值，实际为“%1”</translation>
    </message>
    <message>
        <source>a field name</source>
        <translation>字段名</translation>
    </message>
    <message>
        <source>“%1” is a reserved word, not a field</source>
        <translation>“%1”是保留字，不是字段</translation>
    </message>
    <message>
        <source>a field name after “.”</source>
        <translation>“.”后的字段名</translation>
    </message>
    <message>
        <source>“%1.%2” can only be used by fields of the repeatable group %1; use count(%1) elsewhere</source>
        <translation>“%1.%2”只能在可重复分组 %1 的字段中使用；其他位置请用 count(%1)</translation>
    </message>
    <message>
        <source>there is no field “%1” in this item</source>
        <translation>此事项中没有字段“%1”</translation>
    </message>
    <message>
        <source>the field “%1” is not in the group “%2”</source>
        <translation>字段“%1”不在分组“%2”中</translation>
    </message>
    <message>
        <source>“%1” is inside the repeatable group “%2”: write %2.%1 inside that group, or use count(%2)</source>
        <translation>“%1”位于可重复分组“%2”中：请在该分组内写 %2.%1，或使用 count(%2)</translation>
    </message>
    <message>
        <source>a repeatable group</source>
        <translation>可重复分组</translation>
    </message>
    <message>
        <source>“%1” is not a repeatable group</source>
        <translation>“%1”不是可重复分组</translation>
    </message>
    <message>
        <source>age() needs an ID number field</source>
        <translation>age() 需要身份证号码字段</translation>
    </message>
    <message>
        <source>column 1: the condition is longer than 2000 characters</source>
        <translation>第 1 列：条件超过 2000 个字符</translation>
    </message>
    <message>
        <source>column %1: %2</source>
        <translation>第 %1 列：%2</translation>
    </message>
    <message>
        <source>Enter text here.</source>
        <translation>请在此填写文字。</translation>
    </message>
    <message numerus="yes">
        <source>Enter at least %n character(s).</source>
        <translation>
            <numerusform>请至少填写 %n 个字。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Enter at most %n character(s).</source>
        <translation>
            <numerusform>最多填写 %n 个字。</numerusform>
        </translation>
    </message>
    <message>
        <source>This is not in the expected form.</source>
        <translation>填写格式不正确。</translation>
    </message>
    <message>
        <source>Enter a number.</source>
        <translation>请填写数字。</translation>
    </message>
    <message>
        <source>Enter a whole number.</source>
        <translation>请填写整数。</translation>
    </message>
    <message numerus="yes">
        <source>Use at most %n decimal place(s).</source>
        <translation>
            <numerusform>最多保留 %n 位小数。</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter %1 or more.</source>
        <translation>请填写不小于 %1 的数。</translation>
    </message>
    <message>
        <source>Enter %1 or less.</source>
        <translation>请填写不大于 %1 的数。</translation>
    </message>
    <message>
        <source>Enter a real date.</source>
        <translation>请填写有效日期。</translation>
    </message>
    <message>
        <source>The date must be on or after %1.</source>
        <translation>日期不能早于 %1。</translation>
    </message>
    <message>
        <source>The date must be on or before %1.</source>
        <translation>日期不能晚于 %1。</translation>
    </message>
    <message>
        <source>Choose one of the options.</source>
        <translation>请从选项中选择。</translation>
    </message>
    <message>
        <source>Answer yes or no.</source>
        <translation>请选择“是”或“否”。</translation>
    </message>
    <message>
        <source>A citizen ID number has 18 characters.</source>
        <translation>公民身份号码应为 18 位。</translation>
    </message>
    <message>
        <source>A citizen ID number has 17 digits and then a digit or X.</source>
        <translation>公民身份号码为 17 位数字加 1 位数字或 X。</translation>
    </message>
    <message>
        <source>The birth date in this ID number is not a real date.</source>
        <translation>身份号码中的出生日期不存在。</translation>
    </message>
    <message>
        <source>This ID number is not valid: please check every digit.</source>
        <translation>身份号码校验不通过，请逐位核对。</translation>
    </message>
    <message>
        <source>The first six digits of this ID number are not a known region.</source>
        <translation>身份号码前六位不是有效的行政区划代码。</translation>
    </message>
    <message>
        <source>This unified social credit code is not valid.</source>
        <translation>统一社会信用代码无效。</translation>
    </message>
    <message>
        <source>Enter an 11-digit mobile number.</source>
        <translation>请填写 11 位手机号码。</translation>
    </message>
    <message>
        <source>Choose a county or district from the list.</source>
        <translation>请从列表中选择县（区）。</translation>
    </message>
    <message>
        <source>A bank card or account number has 12 to 30 digits.</source>
        <translation>银行卡号或账号应为 12 至 30 位数字。</translation>
    </message>
    <message numerus="yes">
        <source>Add at least %n file(s).</source>
        <translation>
            <numerusform>请至少添加 %n 份文件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add at most %n file(s).</source>
        <translation>
            <numerusform>最多添加 %n 份文件。</numerusform>
        </translation>
    </message>
    <message>
        <source>Please sign here.</source>
        <translation>请在此签名。</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n 份文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <source>Add the file here.</source>
        <translation>请在此添加文件。</translation>
    </message>
    <message>
        <source>Please choose an answer.</source>
        <translation>请选择。</translation>
    </message>
    <message>
        <source>Please fill this in.</source>
        <translation>请填写此项。</translation>
    </message>
    <message>
        <source>Add at least %1 “%2”.</source>
        <translation>请至少添加 %1 位“%2”。</translation>
    </message>
    <message>
        <source>The form version this case was filled with is not on this device.</source>
        <translation>本设备上没有此办件填报时所用的表单版本。</translation>
    </message>
    <message>
        <source>The stored form version of this case is damaged.</source>
        <translation>此办件保存的表单版本已损坏。</translation>
    </message>
    <message>
        <source>The region table could not be read.</source>
        <translation>无法读取行政区划表。</translation>
    </message>
    <message>
        <source>The region table is damaged.</source>
        <translation>行政区划表已损坏。</translation>
    </message>
    <message>
        <source>This service is not available on this device.</source>
        <translation>本设备暂不提供此事项。</translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>添加%1</translation>
    </message>
    <message>
        <source>This bank card number is not valid: please check every digit.</source>
        <translation>银行卡号校验不通过，请逐位核对。</translation>
    </message>
    <message>
        <source>Picture taken</source>
        <translation>已拍照</translation>
    </message>
    <message>
        <source>%1 fills a region field</source>
        <translation>%1 只能填入地区字段</translation>
    </message>
    <message>
        <source>a lowerCamelCase key</source>
        <translation>小驼峰形式的键</translation>
    </message>
</context>
<context>
    <name>ChoiceField</name>
    <message>
        <source>Please choose</source>
        <translation>请选择</translation>
    </message>
</context>
<context>
    <name>ChooseItemScreen</name>
    <message>
        <source>Choose a service</source>
        <translation>选择要办理的事项</translation>
    </message>
    <message>
        <source>Type a name, e.g. 高龄 (old age)</source>
        <translation>输入事项名称，如“高龄”</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Group by</source>
        <translation>分类方式</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>按部门</translation>
    </message>
    <message>
        <source>Kind of service</source>
        <translation>按类型</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Done on the spot</source>
        <translation>当场办结</translation>
    </message>
    <message numerus="yes">
        <source>Within %n working day(s)</source>
        <translation>
            <numerusform>%n 个工作日内办结</numerusform>
        </translation>
    </message>
    <message>
        <source>No service matches “%1”.</source>
        <translation>没有找到与“%1”相关的事项。</translation>
    </message>
    <message>
        <source>Try a shorter word, choose “All”, or call a helper.</source>
        <translation>请换个短一些的词，或点“全部”，也可以呼叫帮办员。</translation>
    </message>
    <message>
        <source>Loading the services…</source>
        <translation>正在载入服务事项…</translation>
    </message>
    <message>
        <source>Search for a service</source>
        <translation>搜索事项</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>清除搜索内容</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <source>More</source>
        <translation>下一页</translation>
    </message>
</context>
<context>
    <name>CliText</name>
    <message>
        <source>Missing value after %1.</source>
        <translation>%1 后缺少取值。</translation>
    </message>
    <message>
        <source>Unknown option %1.</source>
        <translation>未知选项 %1。</translation>
    </message>
    <message>
        <source>Name the store with --db PATH.</source>
        <translation>请用 --db 路径 指定数据存储。</translation>
    </message>
    <message>
        <source>Give exactly one of --key-file PATH or --passphrase-stdin.</source>
        <translation>请在 --key-file 路径 与 --passphrase-stdin 中二选一。</translation>
    </message>
    <message>
        <source>A file already exists at this path; it was left untouched.</source>
        <translation>此路径已有文件，未作任何改动。</translation>
    </message>
    <message>
        <source>Created store %1 for device %2.</source>
        <translation>已为设备 %2 创建数据存储 %1。</translation>
    </message>
    <message>
        <source>Store is intact: schema version %1, %2 cases.</source>
        <translation>数据存储完好：结构版本 %1，共 %2 件办件。</translation>
    </message>
    <message>
        <source>The store has a new key.</source>
        <translation>数据存储已更换新密钥。</translation>
    </message>
    <message>
        <source>The audit trail has been altered at entry %1.</source>
        <translation>审计记录在第 %1 条处被篡改。</translation>
    </message>
    <message>
        <source>Audit trail intact: %1 entries.</source>
        <translation>审计记录完整：共 %1 条。</translation>
    </message>
    <message>
        <source>Unknown state %1.</source>
        <translation>未知状态 %1。</translation>
    </message>
    <message>
        <source>Added %1 demo cases to %2.</source>
        <translation>已向 %2 添加 %1 件演示办件。</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) in the catalog; %1 of %2 items are usable.</source>
        <translation>
            <numerusform>事项目录中有 %n 个问题；%2 个事项中 %1 个可用。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The catalog is sound: %n item(s).</source>
        <translation>
            <numerusform>事项目录完好：共 %n 个事项。</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage: onewindow scan [--forms DIR] [--trust FILE] [--demo] FILE...
Reads the code in each image and prints FILE, FORMAT, KIND and TEXT separated by tabs, or FILE and
&quot;none&quot;. KIND is the kind of code, followed by &quot;:reason&quot; when it is not accepted. ID numbers are
masked. --forms names the catalog (default: OW_FORMS_DIR or the installed catalog), --trust adds a
trust file (for example with device keys), --demo accepts the demo issuers of the catalog.
Exit status: 0 when every file had a code, 6 otherwise, 1 for a usage error.</source>
        <translation>用法：onewindow scan [--forms 目录] [--trust 文件] [--demo] 文件...
读取每张图片中的码，输出以制表符分隔的 文件、码制、类别、内容，未找到码时输出 文件 和
&quot;none&quot;。码未被接受时，类别后附 &quot;:原因&quot;。身份证号码做脱敏显示。
--forms 指定事项目录（默认：OW_FORMS_DIR 或已安装的目录），--trust 追加一个可信名单文件
（例如含设备公钥），--demo 接受目录中的演示签发方。
退出状态：每个文件都有码时为 0，否则为 6，用法错误为 1。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示本帮助。</translation>
    </message>
    <message>
        <source>%1 takes a whole number from %2 to %3, not &quot;%4&quot;.</source>
        <translation>%1 须为 %2 到 %3 之间的整数，而不是“%4”。</translation>
    </message>
    <message>
        <source>Run &quot;%1 --help&quot; to see how it is used.</source>
        <translation>运行“%1 --help”查看用法。</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>选项：</translation>
    </message>
    <message>
        <source>Usage: onewindow catalog check|list [FORMS_DIR]
check prints every problem of the catalog as FILE, JSON path and message separated by tabs and
exits 1 if there is any; list prints implementation code, name, level and department of each item.
FORMS_DIR defaults to OW_FORMS_DIR, else OW_DATA_DIR/forms, else share/onewindow/forms beside the
program&apos;s folder.</source>
        <translation>用法：onewindow catalog check|list [事项目录]
check 逐条输出事项目录中的问题（文件、JSON 路径、说明，以制表符分隔），有任何问题即以 1 退出；
list 输出每个事项的实施编码、名称、层级和部门。
事项目录默认取 OW_FORMS_DIR，其次 OW_DATA_DIR/forms，再次为程序所在目录旁的 share/onewindow/forms。</translation>
    </message>
    <message>
        <source>Name what to do: %1.</source>
        <translation>请指定要执行的操作：%1。</translation>
    </message>
    <message>
        <source>Unknown command %1.</source>
        <translation>未知命令 %1。</translation>
    </message>
    <message>
        <source>Unexpected argument %1.</source>
        <translation>多余的参数 %1。</translation>
    </message>
    <message>
        <source>create, check or re-key an encrypted store</source>
        <translation>创建、检查加密数据存储或为其更换密钥</translation>
    </message>
    <message>
        <source>verify the audit trail; who used a case&apos;s data</source>
        <translation>核验审计记录；查看谁使用了办件数据</translation>
    </message>
    <message>
        <source>list the cases of a store</source>
        <translation>列出数据存储中的办件</translation>
    </message>
    <message>
        <source>add demo cases to a store</source>
        <translation>向数据存储添加演示办件</translation>
    </message>
    <message>
        <source>check or list the service catalog</source>
        <translation>检查或列出事项目录</translation>
    </message>
    <message>
        <source>read the codes in image files</source>
        <translation>读取图片文件中的码</translation>
    </message>
    <message>
        <source>enroll with the county hub and sync cases</source>
        <translation>在县级中心注册设备并同步办件</translation>
    </message>
    <message>
        <source>write sealed packets to removable media for the hub</source>
        <translation>将封装好的数据包写入移动介质，交县级中心导入</translation>
    </message>
    <message>
        <source>Usage: onewindow COMMAND [OPTIONS] [ARGUMENTS]</source>
        <translation>用法：onewindow 命令 [选项] [参数]</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Run &quot;onewindow COMMAND --help&quot; for the options of a command.</source>
        <translation>运行“onewindow 命令 --help”查看该命令的选项。</translation>
    </message>
    <message>
        <source>Usage: onewindow store init|check|rekey --db PATH (--key-file PATH | --passphrase-stdin) [--device-id ID]
init creates an encrypted store, check checks it page by page, rekey re-encrypts it with a new key.
With --passphrase-stdin the passphrase is the first line of standard input; for rekey the new
passphrase is the second line.</source>
        <translation>用法：onewindow store init|check|rekey --db 路径 (--key-file 路径 | --passphrase-stdin) [--device-id 编号]
init 创建加密数据存储，check 逐页检查数据存储，rekey 用新密钥重新加密数据存储。
使用 --passphrase-stdin 时，口令为标准输入的第一行；rekey 的新口令为第二行。</translation>
    </message>
    <message>
        <source>Usage: onewindow audit verify --db PATH (--key-file PATH | --passphrase-stdin)
       onewindow audit case   --db PATH (--key-file PATH | --passphrase-stdin) NUMBER
verify checks the hash chain of the audit trail and names the first broken entry; case lists who
used the data of case NUMBER.</source>
        <translation>用法：onewindow audit verify --db 路径 (--key-file 路径 | --passphrase-stdin)
      onewindow audit case   --db 路径 (--key-file 路径 | --passphrase-stdin) 办件编号
verify 核验审计记录的哈希链，并指出第一条被破坏的记录；case 列出谁使用了该办件的数据。</translation>
    </message>
    <message>
        <source>Usage: onewindow case list --db PATH (--key-file PATH | --passphrase-stdin) [--state STATE]
Lists the cases of a store (ID numbers masked), all of them or those in one state.</source>
        <translation>用法：onewindow case list --db 路径 (--key-file 路径 | --passphrase-stdin) [--state 状态]
列出数据存储中的全部办件或某一状态的办件（身份证号码脱敏显示）。</translation>
    </message>
    <message>
        <source>Usage: onewindow demo seed --db PATH (--key-file PATH | --passphrase-stdin) [--count N]
Adds demo cases with synthetic applicants to a store, creating it if needed.</source>
        <translation>用法：onewindow demo seed --db 路径 (--key-file 路径 | --passphrase-stdin) [--count 数量]
向数据存储添加虚构申请人的演示办件；数据存储不存在时先创建。</translation>
    </message>
    <message>
        <source>The store file.</source>
        <translation>数据存储文件。</translation>
    </message>
    <message>
        <source>The store&apos;s key file (created with mode 0600 by init).</source>
        <translation>数据存储的密钥文件（由 init 以 0600 权限创建）。</translation>
    </message>
    <message>
        <source>Read the passphrase from standard input.</source>
        <translation>从标准输入读取口令。</translation>
    </message>
    <message>
        <source>The device id of a new store.</source>
        <translation>新数据存储的设备编号。</translation>
    </message>
    <message>
        <source>Only the cases in this state.</source>
        <translation>只列出处于此状态的办件。</translation>
    </message>
    <message>
        <source>How many cases to add (default 12).</source>
        <translation>要添加的办件数量（默认 12）。</translation>
    </message>
    <message>
        <source>Name the case with its NUMBER.</source>
        <translation>请给出办件编号。</translation>
    </message>
    <message>
        <source>The catalog folder (regions and trusted issuers).</source>
        <translation>事项目录文件夹（行政区划和可信签发机构）。</translation>
    </message>
    <message>
        <source>One more trust file; may be given more than once.</source>
        <translation>追加一个可信名单文件；可多次指定。</translation>
    </message>
    <message>
        <source>Accept the demo issuers of the catalog.</source>
        <translation>接受事项目录中的演示签发机构。</translation>
    </message>
    <message>
        <source>Name at least one image FILE.</source>
        <translation>请至少给出一个图片文件。</translation>
    </message>
    <message>
        <source>The county hub&apos;s address.</source>
        <translation>县级中心的地址。</translation>
    </message>
    <message>
        <source>The hub&apos;s public key: sha256//BASE64 or a PEM file.</source>
        <translation>县级中心的公钥：sha256//BASE64 或 PEM 文件。</translation>
    </message>
    <message>
        <source>Certificates to trust for the hub&apos;s TLS, in PEM.</source>
        <translation>用于核验县级中心 TLS 的可信证书（PEM 格式）。</translation>
    </message>
    <message>
        <source>The one-time enrollment code from the hub.</source>
        <translation>县级中心发放的一次性注册码。</translation>
    </message>
    <message>
        <source>The device&apos;s name at the hub (default: its device id).</source>
        <translation>设备在县级中心的名称（默认：设备编号）。</translation>
    </message>
    <message>
        <source>The packet suite: gm (default) or intl.</source>
        <translation>数据包密码套件：gm（默认）或 intl。</translation>
    </message>
    <message>
        <source>Name the folder to write to.</source>
        <translation>请指定要写入的文件夹。</translation>
    </message>
</context>
<context>
    <name>ComingSoonScreen</name>
    <message>
        <source>Identify yourself and fill in the form</source>
        <translation>核验身份并填写申请</translation>
    </message>
    <message>
        <source>Reading your ID card or scanning your code, and filling in the application, are coming to this kiosk soon. Nothing has been submitted.</source>
        <translation>刷身份证或扫码核验身份、填写申请表的功能，本终端即将开通。您的申请尚未提交。</translation>
    </message>
    <message>
        <source>Check progress</source>
        <translation>查询进度</translation>
    </message>
    <message>
        <source>Checking an application&apos;s progress is coming to this kiosk soon.</source>
        <translation>查询办件进度的功能，本终端即将开通。</translation>
    </message>
    <message>
        <source>Call a helper</source>
        <translation>呼叫帮办员</translation>
    </message>
    <message>
        <source>Calling a helper from this screen is coming soon.</source>
        <translation>在屏幕上呼叫帮办员的功能即将开通。</translation>
    </message>
    <message>
        <source>Coming soon</source>
        <translation>即将开通</translation>
    </message>
    <message>
        <source>Meanwhile, the village service point or the integrated service window of the county government service hall can help you.</source>
        <translation>在此之前，您可以到村便民服务点，或县政务服务大厅综合窗口办理。</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <source>How your personal information is used</source>
        <translation>个人信息收集使用告知</translation>
    </message>
    <message>
        <source>Agree and submit</source>
        <translation>同意并提交</translation>
    </message>
</context>
<context>
    <name>ContinueAtWindowButton</name>
    <message>
        <source>Continue at the service window</source>
        <translation>到窗口继续办理</translation>
    </message>
    <message>
        <source>To continue at the service window, please ask staff</source>
        <translation>如需到窗口继续办理，请联系工作人员</translation>
    </message>
</context>
<context>
    <name>CorrectionPage</name>
    <message>
        <source>Corrections</source>
        <translation>补齐补正</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) waiting for the citizen&apos;s correction</source>
        <translation>
            <numerusform>%n 件等待申请人补正</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to send to the county hub</source>
        <translation>
            <numerusform>%n 项待发送至县级平台</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything sent to the county hub</source>
        <translation>已全部发送至县级平台</translation>
    </message>
    <message>
        <source>%1 · applicant %2 · asked %3</source>
        <translation>%1 · 申请人 %2 · 告知补正于 %3</translation>
    </message>
    <message>
        <source>No case waits for a correction.</source>
        <translation>暂无待补正的办件。</translation>
    </message>
    <message>
        <source>Choose a case on the left to record what the citizen brought.</source>
        <translation>请在左侧选择办件，登记申请人补交的材料。</translation>
    </message>
    <message>
        <source>%1 · applicant %2</source>
        <translation>%1 · 申请人 %2</translation>
    </message>
    <message>
        <source>What the reviewer asks for</source>
        <translation>审批人员一次性告知的补正内容</translation>
    </message>
    <message>
        <source>The reviewer gave no list.</source>
        <translation>审批人员未列明补正内容。</translation>
    </message>
    <message>
        <source>Materials brought</source>
        <translation>补交的材料</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Nothing attached yet.</source>
        <translation>尚未添加材料。</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Scan file</source>
        <translation>扫描件文件</translation>
    </message>
    <message>
        <source>Path of the scan (PNG, JPEG or PDF)</source>
        <translation>扫描件路径（PNG、JPEG 或 PDF）</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Send back to the reviewer</source>
        <translation>送回审批人员</translation>
    </message>
</context>
<context>
    <name>CryptoText</name>
    <message>
        <source>The passphrase could not be processed.</source>
        <translation>无法处理该口令。</translation>
    </message>
    <message>
        <source>A cryptographic operation failed.</source>
        <translation>密码运算失败。</translation>
    </message>
    <message>
        <source>The data is damaged or was altered.</source>
        <translation>数据已损坏或被篡改。</translation>
    </message>
    <message>
        <source>The key is not valid.</source>
        <translation>密钥无效。</translation>
    </message>
    <message>
        <source>The packet is not in a format this program understands.</source>
        <translation>数据包格式无法识别。</translation>
    </message>
    <message>
        <source>The packet is damaged or was altered.</source>
        <translation>数据包已损坏或被篡改。</translation>
    </message>
    <message>
        <source>The hub&apos;s receipt is not valid.</source>
        <translation>县级中心的回执无效。</translation>
    </message>
    <message>
        <source>The cryptographic self-test failed; the program cannot run safely.</source>
        <translation>密码算法自检未通过，程序无法安全运行。</translation>
    </message>
    <message>
        <source>The audit extract&apos;s signature is not valid.</source>
        <translation>审计摘录的签名无效。</translation>
    </message>
</context>
<context>
    <name>DeskOptions</name>
    <message>
        <source>OneWindow desk: the service hall&apos;s window clerks and the departments&apos; reviewers.</source>
        <translation>一窗通窗口端：政务服务大厅综合窗口人员和部门审批人员使用。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示本帮助。</translation>
    </message>
    <message>
        <source>Folder of the desk&apos;s encrypted store.</source>
        <translation>窗口端加密数据库所在文件夹。</translation>
    </message>
    <message>
        <source>Folder of the service catalog.</source>
        <translation>事项目录所在文件夹。</translation>
    </message>
    <message>
        <source>Address of the county hub, e.g. https://hub:8443.</source>
        <translation>县级中心地址，例如 https://hub:8443。</translation>
    </message>
    <message>
        <source>The hub&apos;s public key: sha256//BASE64 or a key file (for HTTPS).</source>
        <translation>中心公钥：sha256//BASE64 或密钥文件（用于 HTTPS）。</translation>
    </message>
    <message>
        <source>CA certificates for the hub&apos;s TLS.</source>
        <translation>中心 TLS 的 CA 证书。</translation>
    </message>
    <message>
        <source>Sign out after this many seconds without use (%1–%2).</source>
        <translation>无操作多少秒后自动退出登录（%1–%2）。</translation>
    </message>
    <message>
        <source>Demonstration: demo data and a window.</source>
        <translation>演示模式：演示数据，窗口显示。</translation>
    </message>
    <message>
        <source>Run in a window instead of full screen.</source>
        <translation>在窗口中运行，而不是全屏。</translation>
    </message>
    <message>
        <source>Cache an operator on this desk (password on standard input) and exit.</source>
        <translation>在本窗口端保存一个工作人员账号（密码从标准输入读取）后退出。</translation>
    </message>
    <message>
        <source>User name of --add-operator.</source>
        <translation>--add-operator 的用户名。</translation>
    </message>
    <message>
        <source>Role of --add-operator: windowClerk, reviewer, villageHelper, supervisor, auditor or admin.</source>
        <translation>--add-operator 的角色：windowClerk、reviewer、villageHelper、supervisor、auditor 或 admin。</translation>
    </message>
    <message>
        <source>Department code of --add-operator.</source>
        <translation>--add-operator 的部门代码。</translation>
    </message>
    <message>
        <source>Name shown for --add-operator.</source>
        <translation>--add-operator 显示的姓名。</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>多余的参数：%1</translation>
    </message>
    <message>
        <source>--idle-seconds must be a number from %1 to %2.</source>
        <translation>--idle-seconds 须为 %1 到 %2 之间的数字。</translation>
    </message>
    <message>
        <source>--add-operator needs --username.</source>
        <translation>--add-operator 需要 --username。</translation>
    </message>
    <message>
        <source>--role must be one of windowClerk, reviewer, villageHelper, supervisor, auditor, admin.</source>
        <translation>--role 须为 windowClerk、reviewer、villageHelper、supervisor、auditor、admin 之一。</translation>
    </message>
    <message>
        <source>--username, --role, --department and --display-name go with --add-operator.</source>
        <translation>--username、--role、--department 和 --display-name 须与 --add-operator 一起使用。</translation>
    </message>
    <message>
        <source>The desk cannot create its data folder.</source>
        <translation>窗口端无法创建数据文件夹。</translation>
    </message>
    <message>
        <source>No service items could be loaded from %1.</source>
        <translation>无法从 %1 加载任何服务事项。</translation>
    </message>
    <message>
        <source>The operator %1 can sign in at this desk.</source>
        <translation>工作人员 %1 可以在本窗口端登录了。</translation>
    </message>
    <message>
        <source>Serial device of the window&apos;s ID card reader, e.g. /dev/ttyUSB0.</source>
        <translation>窗口身份证读卡器的串口设备，例如 /dev/ttyUSB0。</translation>
    </message>
    <message>
        <source>Printer (CUPS queue) for acceptance notices and materials receipts.</source>
        <translation>打印受理通知书和材料接收凭证的打印机（CUPS 队列）。</translation>
    </message>
    <message>
        <source>--card-reader needs the reader&apos;s serial device, e.g. /dev/ttyUSB0.</source>
        <translation>--card-reader 需要读卡器的串口设备，例如 /dev/ttyUSB0。</translation>
    </message>
    <message>
        <source>--printer needs the name of a printer (CUPS queue).</source>
        <translation>--printer 需要打印机名称（CUPS 队列）。</translation>
    </message>
    <message>
        <source>Show the rating screen for citizens (评价器), on the second screen when there is one.</source>
        <translation>显示群众评价器（评价器），有第二块屏幕时显示在第二块屏幕上。</translation>
    </message>
</context>
<context>
    <name>FieldDelegate</name>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, e.g. 1949-10-01</source>
        <translation>年-月-日，例如 1949-10-01</translation>
    </message>
    <message>
        <source>18 characters</source>
        <translation>18 位</translation>
    </message>
    <message>
        <source>11 digits</source>
        <translation>11 位数字</translation>
    </message>
    <message>
        <source>Yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Take a photo or scan</source>
        <translation>拍照或扫描</translation>
    </message>
    <message>
        <source>No file yet</source>
        <translation>尚未添加文件</translation>
    </message>
    <message>
        <source>Take again</source>
        <translation>重拍</translation>
    </message>
    <message>
        <source>Take a picture</source>
        <translation>拍照</translation>
    </message>
    <message>
        <source>No picture yet</source>
        <translation>还没有照片</translation>
    </message>
</context>
<context>
    <name>FilesText</name>
    <message>
        <source>The disk is full. Nothing was changed; free some space and try again.</source>
        <translation>磁盘已满，未作任何更改；请清理磁盘空间后重试。</translation>
    </message>
    <message>
        <source>A file could not be written. Nothing was changed.</source>
        <translation>文件无法写入，未作任何更改。</translation>
    </message>
</context>
<context>
    <name>FollowUpsPage</name>
    <message>
        <source>Done</source>
        <translation>已办结</translation>
    </message>
    <message numerus="yes">
        <source>Overdue by %n working day(s)</source>
        <translation>
            <numerusform>已超期 %n 个工作日</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) left</source>
        <translation>
            <numerusform>剩余 %n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <source>Rating follow-ups</source>
        <translation>差评整改回访</translation>
    </message>
    <message numerus="yes">
        <source>%n open</source>
        <translation>
            <numerusform>待整改 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Reading the follow-ups…</source>
        <translation>正在读取整改回访…</translation>
    </message>
    <message>
        <source>No follow-ups: no bad ratings so far.</source>
        <translation>暂无差评整改。</translation>
    </message>
    <message>
        <source>Rated %1 · due %2</source>
        <translation>%1 评价 · %2 前办结</translation>
    </message>
    <message>
        <source>Choose a follow-up on the left.</source>
        <translation>请在左侧选择一条差评。</translation>
    </message>
    <message>
        <source>Case %1</source>
        <translation>办件 %1</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>整改情况</translation>
    </message>
    <message>
        <source>Return visit</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>What was put right (整改情况)</source>
        <translation>整改情况</translation>
    </message>
    <message>
        <source>Day of the return visit</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <source>By phone</source>
        <translation>电话回访</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>上门回访</translation>
    </message>
    <message>
        <source>What the citizen said at the return visit</source>
        <translation>群众回访意见</translation>
    </message>
    <message>
        <source>Record the follow-up</source>
        <translation>登记整改回访</translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <source>Face the camera, or hold the paper in front of it, then tap the button.</source>
        <translation>请面向摄像头，或将纸张举到摄像头前，然后点按钮拍照。</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <source>Some answers need attention; they are marked in red.</source>
        <translation>有些内容需要修改，已用红字标出。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Review and submit</source>
        <translation>核对并提交</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Check the form</source>
        <translation>检查表单</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <source>Handled by %1</source>
        <translation>实施主体：%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>跑动次数</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>暂停办理</translation>
    </message>
    <message>
        <source>Who may apply</source>
        <translation>办理条件</translation>
    </message>
    <message>
        <source>What to bring</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必须</translation>
    </message>
    <message>
        <source>If it applies</source>
        <translation>视情况</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>What happens next</source>
        <translation>办理流程</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>You receive: %1</source>
        <translation>办理结果：%1</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <source>Call a helper</source>
        <translation>呼叫帮办员</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>HelperPage</name>
    <message>
        <source>Act for a principal</source>
        <translation>代办登记</translation>
    </message>
    <message>
        <source>Helper board</source>
        <translation>帮办工作台</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) handled for principals</source>
        <translation>
            <numerusform>代办中的办件 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Back to the board</source>
        <translation>返回工作台</translation>
    </message>
    <message>
        <source>My cases for principals</source>
        <translation>我的代办件</translation>
    </message>
    <message>
        <source>No case yet. Use “Act for a principal” to apply for someone.</source>
        <translation>暂无代办件。点击“代办登记”为群众代办申请。</translation>
    </message>
    <message>
        <source>Principal %1</source>
        <translation>委托人 %1</translation>
    </message>
    <message>
        <source>At: %1 · case %2</source>
        <translation>当前环节：%1 · 办件状态：%2</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>What the principal said (required)</source>
        <translation>委托人的回访意见（必填）</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>备注（选填）</translation>
    </message>
    <message>
        <source>Record: %1</source>
        <translation>登记：%1</translation>
    </message>
    <message>
        <source>Kiosks calling for a helper</source>
        <translation>呼叫帮办员</translation>
    </message>
    <message>
        <source>Kiosk %1</source>
        <translation>自助终端 %1</translation>
    </message>
    <message>
        <source>You are on your way</source>
        <translation>您已在前往途中</translation>
    </message>
    <message>
        <source>I&apos;m on my way</source>
        <translation>我马上到</translation>
    </message>
    <message>
        <source>Done: close the request</source>
        <translation>已到场，关闭请求</translation>
    </message>
    <message>
        <source>1. The principal</source>
        <translation>1. 委托人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Identify</source>
        <translation>核验身份</translation>
    </message>
    <message>
        <source>Principal: %1 %2</source>
        <translation>委托人：%1 %2</translation>
    </message>
    <message>
        <source>2. The signed authorisation (委托书)</source>
        <translation>2. 已签字的委托书</translation>
    </message>
    <message>
        <source>Photo or scan of the paper</source>
        <translation>委托书照片或扫描件</translation>
    </message>
    <message>
        <source>Photo or scan of the paper (file)</source>
        <translation>委托书照片或扫描件（文件）</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>The principal signs here:</source>
        <translation>请委托人在此签字：</translation>
    </message>
    <message>
        <source>Service items the principal entrusts:</source>
        <translation>委托代办的事项：</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>有效期起</translation>
    </message>
    <message>
        <source>Valid from 2026-03-01</source>
        <translation>有效期起 2026-03-01</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>有效期止</translation>
    </message>
    <message>
        <source>Valid to 2026-03-31</source>
        <translation>有效期止 2026-03-31</translation>
    </message>
    <message>
        <source>Your ID number</source>
        <translation>您的身份证号码</translation>
    </message>
    <message>
        <source>Your ID number (agent)</source>
        <translation>您（受托人）的身份证号码</translation>
    </message>
    <message>
        <source>Your mobile</source>
        <translation>您的手机号码</translation>
    </message>
    <message>
        <source>Record the authorisation</source>
        <translation>登记委托书</translation>
    </message>
    <message>
        <source>3. The application</source>
        <translation>3. 代办申请</translation>
    </message>
    <message>
        <source>Fill in</source>
        <translation>填写表单</translation>
    </message>
    <message>
        <source>Identify the principal, record their authorisation, then choose an item it covers.</source>
        <translation>请先核验委托人身份、登记委托书，再选择委托书范围内的事项。</translation>
    </message>
    <message>
        <source>Submit for the principal</source>
        <translation>为委托人提交</translation>
    </message>
</context>
<context>
    <name>HelperText</name>
    <message>
        <source>Entrusted</source>
        <translation>委托</translation>
    </message>
    <message>
        <source>Acceptance</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>办理</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>送达</translation>
    </message>
    <message>
        <source>Archiving</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Reporting</source>
        <translation>上报</translation>
    </message>
    <message>
        <source>Follow-up visit</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>This step cannot be recorded now: the case is at &quot;%1&quot;.</source>
        <translation>此环节现在不能登记：办件目前处于“%1”环节。</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Write down what the principal said on the follow-up visit.</source>
        <translation>请记录回访时委托人的意见。</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Good day, %1</source>
        <translation>您好，%1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Your department&apos;s cases, most urgent first, with the promised and statutory clocks.</source>
        <translation>本部门的办件，最紧急的在前，显示承诺时限和法定时限。</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>快捷键：%1</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>键盘操作</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Review queue</source>
        <translation>待审批办件</translation>
    </message>
    <message>
        <source>Refresh the queue</source>
        <translation>刷新列表</translation>
    </message>
    <message>
        <source>Choose a case and open it</source>
        <translation>选择并打开办件</translation>
    </message>
    <message>
        <source>Close the case</source>
        <translation>关闭办件</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Identify the citizen, fill the form, check each material, accept or refuse.</source>
        <translation>核验申请人身份、填写申请表、逐项核验材料，受理或不予受理。</translation>
    </message>
    <message>
        <source>This desk has no work for your role yet. Your sign-in and what you do are recorded.</source>
        <translation>本窗口端暂无您的角色可办的工作。您的登录和操作均有记录。</translation>
    </message>
    <message>
        <source>Accept an application</source>
        <translation>综合受理</translation>
    </message>
    <message>
        <source>Accept (受理)</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>补齐补正</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Welcome</source>
        <translation>您好，欢迎办事</translation>
    </message>
    <message>
        <source>Tap what you would like to do.</source>
        <translation>请点击您要办理的业务</translation>
    </message>
    <message>
        <source>I want to apply</source>
        <translation>我要办事</translation>
    </message>
    <message>
        <source>Choose a service and apply here</source>
        <translation>选择事项，自助办理</translation>
    </message>
    <message>
        <source>Check progress</source>
        <translation>查询进度</translation>
    </message>
    <message>
        <source>See where your application is</source>
        <translation>看看办到哪一步了</translation>
    </message>
    <message>
        <source>Rate the service</source>
        <translation>评价</translation>
    </message>
    <message>
        <source>Tell us how it went</source>
        <translation>说说您的办事感受</translation>
    </message>
    <message>
        <source>Call a helper</source>
        <translation>呼叫帮办员</translation>
    </message>
    <message>
        <source>A village helper comes to help you</source>
        <translation>村帮办代办员来帮您办</translation>
    </message>
    <message>
        <source>Hard to read or to use? Tap “Call a helper” and someone will come to you.</source>
        <translation>看不清、不会用？请点“呼叫帮办员”，工作人员会来帮您。</translation>
    </message>
    <message>
        <source>Standard mode</source>
        <translation>标准模式</translation>
    </message>
    <message>
        <source>Elder mode</source>
        <translation>长辈模式</translation>
    </message>
    <message>
        <source>Back to the usual size and pace</source>
        <translation>恢复正常字号和节奏</translation>
    </message>
    <message>
        <source>Larger text, one question at a time, more time</source>
        <translation>字更大，一次一问，时间更充裕</translation>
    </message>
</context>
<context>
    <name>HubText</name>
    <message>
        <source>The service catalog folder has no items.</source>
        <translation>事项目录文件夹中没有事项。</translation>
    </message>
    <message>
        <source>A catalog item cannot be read.</source>
        <translation>无法读取事项目录中的事项。</translation>
    </message>
    <message>
        <source>A catalog item is not valid.</source>
        <translation>事项目录中的事项无效。</translation>
    </message>
    <message>
        <source>The hub database is not available.</source>
        <translation>中心数据库不可用。</translation>
    </message>
    <message>
        <source>The database address is not a postgresql:// URL.</source>
        <translation>数据库地址不是 postgresql:// 格式。</translation>
    </message>
    <message>
        <source>The hub database was made by a newer hub version.</source>
        <translation>中心数据库由更新版本的中心程序创建。</translation>
    </message>
    <message>
        <source>A hub key file can be read by other users.</source>
        <translation>中心密钥文件可被其他用户读取。</translation>
    </message>
    <message>
        <source>A hub key file cannot be read.</source>
        <translation>无法读取中心密钥文件。</translation>
    </message>
    <message>
        <source>A hub key file holds the wrong kind of key.</source>
        <translation>中心密钥文件中的密钥类型不正确。</translation>
    </message>
    <message>
        <source>The hub key folder cannot be created.</source>
        <translation>无法创建中心密钥目录。</translation>
    </message>
    <message>
        <source>No active device has this id.</source>
        <translation>没有使用此编号的在用设备。</translation>
    </message>
    <message>
        <source>The user name may use letters, digits, dot, dash and underscore.</source>
        <translation>用户名只能包含字母、数字、点、连字符和下划线。</translation>
    </message>
    <message>
        <source>A reviewer needs a department code.</source>
        <translation>审批人员必须指定部门代码。</translation>
    </message>
    <message>
        <source>The password must have at least 10 characters.</source>
        <translation>密码至少需要 10 个字符。</translation>
    </message>
    <message>
        <source>The password could not be processed.</source>
        <translation>无法处理该密码。</translation>
    </message>
    <message>
        <source>This user name is taken.</source>
        <translation>该用户名已被使用。</translation>
    </message>
    <message>
        <source>Usage:</source>
        <translation>用法：</translation>
    </message>
    <message>
        <source>The data folder cannot be created.</source>
        <translation>无法创建数据目录。</translation>
    </message>
    <message>
        <source>The packet folder does not exist.</source>
        <translation>数据包目录不存在。</translation>
    </message>
    <message>
        <source>The TLS certificate or key cannot be read.</source>
        <translation>无法读取 TLS 证书或私钥。</translation>
    </message>
    <message>
        <source>The hub cannot listen on the given address and port.</source>
        <translation>中心无法在指定的地址和端口上监听。</translation>
    </message>
    <message>
        <source>The hub&apos;s folder: keys and, without --db, hub.sqlite.</source>
        <translation>中心数据目录：存放密钥，未指定 --db 时还存放 hub.sqlite。</translation>
    </message>
    <message>
        <source>A PostgreSQL database: postgresql://USER[:PASS]@HOST:PORT/DBNAME.</source>
        <translation>PostgreSQL 数据库：postgresql://用户[:密码]@主机:端口/库名。</translation>
    </message>
    <message>
        <source>The address to listen on (default 127.0.0.1).</source>
        <translation>监听地址（默认 127.0.0.1）。</translation>
    </message>
    <message>
        <source>The port to listen on (default 8443; 0 picks a free port).</source>
        <translation>监听端口（默认 8443；0 表示自动选择空闲端口）。</translation>
    </message>
    <message>
        <source>Write the port to this file once the hub listens.</source>
        <translation>开始监听后将端口号写入此文件。</translation>
    </message>
    <message>
        <source>The TLS certificate chain.</source>
        <translation>TLS 证书链。</translation>
    </message>
    <message>
        <source>The TLS private key.</source>
        <translation>TLS 私钥。</translation>
    </message>
    <message>
        <source>The largest packet accepted, in bytes (default 4 MiB).</source>
        <translation>可接收的最大数据包字节数（默认 4 MiB）。</translation>
    </message>
    <message>
        <source>How long an operator&apos;s sign-in lasts, in seconds (default 8 hours).</source>
        <translation>工作人员登录的有效时长，单位秒（默认 8 小时）。</translation>
    </message>
    <message>
        <source>How long an account stays locked after failed sign-ins (default 15 minutes).</source>
        <translation>多次登录失败后账号锁定的时长，单位秒（默认 15 分钟）。</translation>
    </message>
    <message>
        <source>How long the enrollment code is valid, in hours (default 24).</source>
        <translation>注册码的有效时长，单位小时（默认 24）。</translation>
    </message>
    <message>
        <source>The operator&apos;s user name.</source>
        <translation>工作人员的用户名。</translation>
    </message>
    <message>
        <source>The department whose queue the operator works on.</source>
        <translation>工作人员负责办理其队列的部门。</translation>
    </message>
    <message>
        <source>Run &quot;onewindow-hub COMMAND --help&quot; for the options of a command.</source>
        <translation>运行“onewindow-hub 命令 --help”查看该命令的选项。</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>选项：</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示本帮助。</translation>
    </message>
    <message>
        <source>Run &quot;%1 --help&quot; to see how it is used.</source>
        <translation>运行“%1 --help”查看用法。</translation>
    </message>
    <message>
        <source>Unknown option %1.</source>
        <translation>未知选项 %1。</translation>
    </message>
    <message>
        <source>Unknown command %1.</source>
        <translation>未知命令 %1。</translation>
    </message>
    <message>
        <source>Missing value after %1.</source>
        <translation>%1 后缺少取值。</translation>
    </message>
    <message>
        <source>Unexpected argument %1.</source>
        <translation>多余的参数 %1。</translation>
    </message>
    <message>
        <source>%1 takes a whole number from %2 to %3, not &quot;%4&quot;.</source>
        <translation>%1 须为 %2 到 %3 之间的整数，而不是“%4”。</translation>
    </message>
    <message>
        <source>Name the hub&apos;s folder with --data DIR.</source>
        <translation>请用 --data 目录 指定中心数据目录。</translation>
    </message>
    <message>
        <source>The catalog: a forms folder or its items folder (default: OW_FORMS_DIR, else the installed one).</source>
        <translation>事项目录：forms 文件夹或其中的 items 文件夹（默认：OW_FORMS_DIR，否则为已安装的事项目录）。</translation>
    </message>
    <message>
        <source>Missing argument %1.</source>
        <translation>缺少参数 %1。</translation>
    </message>
    <message>
        <source>No operator has this user name.</source>
        <translation>没有使用此用户名的操作员。</translation>
    </message>
    <message>
        <source>How many bytes of unfinished uploads one device may keep (default 256 MiB).</source>
        <translation>一台设备可保留的未完成上传的字节数（默认 256 MiB）。</translation>
    </message>
    <message>
        <source>After how many hours an upload never sent with its packet is deleted (default 72).</source>
        <translation>未随数据包提交的上传在多少小时后删除（默认 72）。</translation>
    </message>
    <message>
        <source>Ask every client for a certificate issued by one of these and refuse those without.</source>
        <translation>要求每个客户端出示由这些证书颁发机构签发的证书，没有的一律拒绝。</translation>
    </message>
    <message>
        <source>Where /healthz and /metrics are served (default 127.0.0.1 and the port after --port; port 0 picks a free one).</source>
        <translation>提供 /healthz 和 /metrics 的地址（默认 127.0.0.1，端口为 --port 的下一个端口；端口 0 表示自动选择空闲端口）。</translation>
    </message>
    <message>
        <source>Write the administration port to this file.</source>
        <translation>将管理端口写入此文件。</translation>
    </message>
    <message>
        <source>The most connections at once (default 1000).</source>
        <translation>同时允许的最大连接数（默认 1000）。</translation>
    </message>
    <message>
        <source>The most connections at once from one address (default 100).</source>
        <translation>同一地址同时允许的最大连接数（默认 100）。</translation>
    </message>
    <message>
        <source>Close a connection idle or stalled for this long (default 30).</source>
        <translation>连接空闲或停滞超过此秒数即关闭（默认 30）。</translation>
    </message>
    <message>
        <source>Sign-ins accepted a minute from one address (default 30).</source>
        <translation>同一地址每分钟允许的登录次数（默认 30）。</translation>
    </message>
    <message>
        <source>Sign-ins accepted a minute in all (default 300).</source>
        <translation>全部地址每分钟允许的登录总次数（默认 300）。</translation>
    </message>
    <message>
        <source>Request bodies held at once over all connections, in MiB (default 256).</source>
        <translation>所有连接同时缓存的请求体总量上限，单位 MiB（默认 256）。</translation>
    </message>
    <message>
        <source>The client certificate authorities cannot be read.</source>
        <translation>无法读取客户端证书颁发机构文件。</translation>
    </message>
    <message>
        <source>--admin-listen takes HOST:PORT, not &quot;%1&quot;.</source>
        <translation>--admin-listen 的格式应为 主机:端口，而不是“%1”。</translation>
    </message>
    <message>
        <source>The hub cannot listen on the administration address and port.</source>
        <translation>中心无法在管理地址和端口上监听。</translation>
    </message>
    <message>
        <source>The hub database holds a help request it cannot read.</source>
        <translation>中心库中有一条无法读取的求助记录。</translation>
    </message>
    <message>
        <source>The help request is not in the expected form.</source>
        <translation>求助请求的格式不正确。</translation>
    </message>
    <message>
        <source>The help request list was asked for in a wrong form.</source>
        <translation>求助列表的查询格式不正确。</translation>
    </message>
    <message>
        <source>There is no such help request.</source>
        <translation>没有这条求助记录。</translation>
    </message>
    <message>
        <source>How many enrollment codes to issue, one a line (default 1), for a batch of devices.</source>
        <translation>一次签发的注册码个数，每行一个（默认 1），用于一批设备。</translation>
    </message>
    <message>
        <source>The role must be reviewer, supervisor or auditor.</source>
        <translation>角色必须是审批人员（reviewer）、大厅管理员（supervisor）或审计员（auditor）。</translation>
    </message>
    <message>
        <source>The operator&apos;s role: reviewer, supervisor or auditor.</source>
        <translation>操作人员的角色：reviewer、supervisor 或 auditor。</translation>
    </message>
    <message>
        <source>Audit chain intact: %1 entries, %2 sealed, %3 not yet sealed.</source>
        <translation>审计链完整：共 %1 条记录，已封存 %2 条，未封存 %3 条。</translation>
    </message>
    <message>
        <source>Audit chain broken at entry %1 (seq %2, %3, %4): %5.</source>
        <translation>审计链在记录 %1 处断开（链序号 %2，%3，%4）：%5。</translation>
    </message>
    <message>
        <source>Audit chain broken at seq %1: %2.</source>
        <translation>审计链在链序号 %1 处断开：%2。</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Enter your ID number</source>
        <translation>请输入身份证号码</translation>
    </message>
    <message>
        <source>The 18 characters on your resident ID card. They are shown partly hidden to protect your information.</source>
        <translation>居民身份证上的 18 位号码。号码只显示一部分，以保护您的信息。</translation>
    </message>
    <message>
        <source>Tap the numbers below</source>
        <translation>请点击下方数字键</translation>
    </message>
    <message>
        <source>%1 of 18 entered</source>
        <translation>已输入 %1 位，共 18 位</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>ID card read: %1</source>
        <translation>已读取身份证：%1</translation>
    </message>
    <message>
        <source>Reading the card…</source>
        <translation>正在读取身份证…</translation>
    </message>
    <message>
        <source>Or place your ID card on the reader</source>
        <translation>或将身份证放在读卡器上</translation>
    </message>
    <message>
        <source>Demonstration: the reader is simulated. The demo card is a made-up person.</source>
        <translation>演示：读卡器为模拟设备，演示卡上是虚构的人。</translation>
    </message>
    <message>
        <source>Lay the card flat on the reader below the screen and hold it still for a moment.</source>
        <translation>请将身份证平放在屏幕下方的读卡器上，稍等片刻不要移动。</translation>
    </message>
    <message>
        <source>Tap demo card</source>
        <translation>模拟刷卡</translation>
    </message>
    <message>
        <source>Or scan the barcode of your ID number with the scanner.</source>
        <translation>也可以用扫码器扫描身份证号码条码。</translation>
    </message>
    <message>
        <source>Delete the last character</source>
        <translation>删除最后一位</translation>
    </message>
    <message>
        <source>Check the number above: the form opens by itself.</source>
        <translation>请核对上方号码，稍后将自动进入填表。</translation>
    </message>
</context>
<context>
    <name>IdentityText</name>
    <message>
        <source>identify a citizen</source>
        <translation>核验办事人身份</translation>
    </message>
    <message>
        <source>search cases</source>
        <translation>查询办件</translation>
    </message>
    <message>
        <source>take over a kiosk draft</source>
        <translation>接续自助终端草稿</translation>
    </message>
    <message>
        <source>fill in an application form</source>
        <translation>填写申请表</translation>
    </message>
    <message>
        <source>check a material</source>
        <translation>核验材料</translation>
    </message>
    <message>
        <source>accept an application</source>
        <translation>受理申请</translation>
    </message>
    <message>
        <source>refuse an application</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>record corrected materials</source>
        <translation>登记补正材料</translation>
    </message>
    <message>
        <source>issue a result</source>
        <translation>出件</translation>
    </message>
    <message>
        <source>view the review queue</source>
        <translation>查看审批队列</translation>
    </message>
    <message>
        <source>open a case for review</source>
        <translation>打开办件审查</translation>
    </message>
    <message>
        <source>approve a case</source>
        <translation>准予许可</translation>
    </message>
    <message>
        <source>deny a case</source>
        <translation>不予许可</translation>
    </message>
    <message>
        <source>request a correction</source>
        <translation>要求补齐补正</translation>
    </message>
    <message>
        <source>start a special procedure</source>
        <translation>启动特别程序</translation>
    </message>
    <message>
        <source>act on behalf of a citizen</source>
        <translation>帮办代办</translation>
    </message>
    <message>
        <source>record an authorisation</source>
        <translation>登记委托授权</translation>
    </message>
    <message>
        <source>submit an application</source>
        <translation>提交申请</translation>
    </message>
    <message>
        <source>view the hall&apos;s statistics</source>
        <translation>查看大厅统计</translation>
    </message>
    <message>
        <source>follow up a rating</source>
        <translation>回访评价</translation>
    </message>
    <message>
        <source>export statistics</source>
        <translation>导出统计数据</translation>
    </message>
    <message>
        <source>browse the audit trail</source>
        <translation>查阅审计记录</translation>
    </message>
    <message>
        <source>verify the audit trail</source>
        <translation>校验审计记录</translation>
    </message>
    <message>
        <source>manage operator accounts</source>
        <translation>管理操作员账号</translation>
    </message>
    <message>
        <source>reset a password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>configure this device</source>
        <translation>配置本设备</translation>
    </message>
    <message>
        <source>manage the service catalog</source>
        <translation>管理服务事项目录</translation>
    </message>
    <message>
        <source>view your own activity</source>
        <translation>查看本人操作记录</translation>
    </message>
    <message>
        <source>Your role (%1) may not %2.</source>
        <translation>您的角色（%1）无权%2。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>It is not known which department this case belongs to, so you may not %1. Open it again from your department&apos;s queue.</source>
        <translation>无法确定该办件所属部门，不能%1。请从本部门的审批队列重新打开。</translation>
    </message>
    <message>
        <source>This case belongs to another department. You may %1 only for cases of your own department.</source>
        <translation>该办件属于其他部门。您只能对本部门的办件%1。</translation>
    </message>
    <message>
        <source>Nobody may %1 for their own account. Ask another administrator.</source>
        <translation>任何人都不能对本人账号%1，请联系其他管理员。</translation>
    </message>
    <message>
        <source>An operator account needs a user name.</source>
        <translation>操作员账号需要用户名。</translation>
    </message>
    <message>
        <source>An operator account needs a role.</source>
        <translation>操作员账号需要角色。</translation>
    </message>
    <message>
        <source>The role %1 cannot be combined with other roles on one account: administration, audit and case work are kept apart.</source>
        <translation>角色“%1”不能与其他角色同在一个账号：系统管理、安全审计与业务办理须相互分离。</translation>
    </message>
    <message>
        <source>A department reviewer needs a department.</source>
        <translation>部门审批人员需要所属部门。</translation>
    </message>
    <message>
        <source>This operator account is not known on this desk.</source>
        <translation>本工作台没有这个操作员账号。</translation>
    </message>
    <message>
        <source>The operator&apos;s password could not be saved.</source>
        <translation>无法保存该操作员的密码。</translation>
    </message>
    <message>
        <source>The operator accounts on this desk are damaged.</source>
        <translation>本工作台的操作员账号数据已损坏。</translation>
    </message>
    <message>
        <source>The password must have at least %1 characters.</source>
        <translation>密码至少需要 %1 个字符。</translation>
    </message>
    <message>
        <source>The password must mix at least three of these: lower-case letters, capital letters, digits and other characters.</source>
        <translation>密码须包含小写字母、大写字母、数字和其他字符中的至少三类。</translation>
    </message>
    <message>
        <source>The password must not contain the user name.</source>
        <translation>密码不能包含用户名。</translation>
    </message>
    <message numerus="yes">
        <source>The password must differ from your last %n password(s).</source>
        <translation>
            <numerusform>密码不能与最近 %n 次使用过的密码相同。</numerusform>
        </translation>
    </message>
    <message>
        <source>Signing in is not possible on this desk right now. Please try again.</source>
        <translation>本工作台暂时无法登录，请稍后重试。</translation>
    </message>
    <message>
        <source>The user name or the password is wrong.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message numerus="yes">
        <source>%n more failed sign-in(s) will lock the account.</source>
        <translation>
            <numerusform>再失败 %n 次，账号将被锁定。</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many failed sign-ins. The account is locked until %1.</source>
        <translation>登录失败次数过多，账号已锁定至 %1。</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>您的登录已结束，请重新登录。</translation>
    </message>
    <message>
        <source>The password could not be changed on this desk.</source>
        <translation>本工作台无法修改密码。</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>当前密码错误。</translation>
    </message>
</context>
<context>
    <name>IdleCountdown</name>
    <message>
        <source>Need more time?</source>
        <translation>需要更多时间吗？</translation>
    </message>
    <message numerus="yes">
        <source>In %n second(s) this kiosk returns to the start and clears what you entered.</source>
        <translation>
            <numerusform>%n 秒后将返回首页，并清除您填写的内容。</numerusform>
        </translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>需要，继续办理</translation>
    </message>
    <message>
        <source>No, I am done</source>
        <translation>不用了，结束办理</translation>
    </message>
</context>
<context>
    <name>InputText</name>
    <message>
        <source>Chinese input is not available.</source>
        <translation>中文输入暂不可用。</translation>
    </message>
    <message>
        <source>Chinese input is not available: its dictionary is not installed.</source>
        <translation>中文输入暂不可用：未安装拼音词库。</translation>
    </message>
    <message>
        <source>Chinese input is not available until the kiosk restarts.</source>
        <translation>中文输入暂不可用，请重启一体机后再试。</translation>
    </message>
    <message>
        <source>Chinese input is already in use.</source>
        <translation>中文输入正在使用中。</translation>
    </message>
    <message>
        <source>Chinese input could not start.</source>
        <translation>中文输入无法启动。</translation>
    </message>
    <message>
        <source>Chinese input is not available: its dictionary is damaged.</source>
        <translation>中文输入暂不可用：拼音词库已损坏。</translation>
    </message>
</context>
<context>
    <name>IssuePage</name>
    <message>
        <source>Issue results</source>
        <translation>统一出件</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) to hand over</source>
        <translation>
            <numerusform>待出件 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to send to the county hub</source>
        <translation>
            <numerusform>%n 项待发送至县级平台</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything sent to the county hub</source>
        <translation>已全部发送至县级平台</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>服务事项</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>决定时间</translation>
    </message>
    <message>
        <source>No decided case waits to be handed over.</source>
        <translation>暂无待出件的办件。</translation>
    </message>
    <message>
        <source>Choose a case on the left to hand its result over.</source>
        <translation>请在左侧选择要出件的办件。</translation>
    </message>
    <message>
        <source>%1 · %2 · applicant %3</source>
        <translation>%1 · %2 · 申请人 %3</translation>
    </message>
    <message>
        <source>Collected in person</source>
        <translation>当面领取</translation>
    </message>
    <message>
        <source>Mailed</source>
        <translation>邮寄送达</translation>
    </message>
    <message>
        <source>Who collects the result</source>
        <translation>领取人</translation>
    </message>
    <message>
        <source>Name of the applicant or the agent</source>
        <translation>申请人或代领人姓名</translation>
    </message>
    <message>
        <source>Their ID number</source>
        <translation>领取人身份证号</translation>
    </message>
    <message>
        <source>ID number (kept masked in the case&apos;s history)</source>
        <translation>身份证号（办件记录中仅保留脱敏号码）</translation>
    </message>
    <message>
        <source>Tracking number</source>
        <translation>邮件号</translation>
    </message>
    <message>
        <source>Tracking number of the mailing</source>
        <translation>邮寄的邮件号</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>出件</translation>
    </message>
    <message>
        <source>Print the acceptance papers again</source>
        <translation>重新打印受理通知书和材料接收凭证</translation>
    </message>
    <message numerus="yes">
        <source>In a special procedure (%n)</source>
        <translation>
            <numerusform>特别程序中（%n 件）</numerusform>
        </translation>
    </message>
    <message>
        <source>Ask for a rating</source>
        <translation>请群众评价</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>X (check digit)</source>
        <translation>X（校验码）</translation>
    </message>
    <message>
        <source>Decimal point</source>
        <translation>小数点</translation>
    </message>
    <message>
        <source>%1 of %2 characters</source>
        <translation>已输入 %1 位，共 %2 位</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Pinyin</source>
        <translation>拼音</translation>
    </message>
    <message>
        <source>Pinyin input</source>
        <translation>拼音输入</translation>
    </message>
    <message>
        <source>English letters</source>
        <translation>英文字母</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>KeysText</name>
    <message>
        <source>The store key could not be read. The store stays locked.</source>
        <translation>无法读取存储密钥，数据仍保持锁定。</translation>
    </message>
    <message>
        <source>The key file can be read by other users. Restrict it to the service user (chmod 600) and try again.</source>
        <translation>密钥文件可被其他用户读取。请将其权限限定为服务用户（chmod 600）后重试。</translation>
    </message>
    <message>
        <source>The passphrase must not be empty.</source>
        <translation>口令不能为空。</translation>
    </message>
    <message>
        <source>Enter the new passphrase.</source>
        <translation>请输入新口令。</translation>
    </message>
</context>
<context>
    <name>KioskOptions</name>
    <message>
        <source>Run &quot;onewindow-kiosk --help&quot; to see how it is used.</source>
        <translation>运行“onewindow-kiosk --help”查看用法。</translation>
    </message>
    <message>
        <source>OneWindow self-service kiosk for citizens.</source>
        <translation>一窗通群众自助服务终端。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示本帮助。</translation>
    </message>
    <message>
        <source>Run in a window instead of full screen.</source>
        <translation>在窗口中运行，而不是全屏。</translation>
    </message>
    <message>
        <source>Lay out for a portrait screen (1080×1920).</source>
        <translation>按竖屏（1080×1920）布局。</translation>
    </message>
    <message>
        <source>Lay out for a landscape screen (1920×1080).</source>
        <translation>按横屏（1920×1080）布局。</translation>
    </message>
    <message>
        <source>The service catalog folder.</source>
        <translation>事项目录所在的文件夹。</translation>
    </message>
    <message>
        <source>End a visit after this many seconds without a touch (%1 to %2, default %3).</source>
        <translation>无人操作多少秒后结束本次办事（%1 到 %2，默认 %3）。</translation>
    </message>
    <message>
        <source>Demonstration mode: marked as such on every screen.</source>
        <translation>演示模式：每个画面都会标明。</translation>
    </message>
    <message>
        <source>Unknown option %1.</source>
        <translation>未知选项 %1。</translation>
    </message>
    <message>
        <source>Unexpected argument &quot;%1&quot;.</source>
        <translation>多余的参数“%1”。</translation>
    </message>
    <message>
        <source>Give either --portrait or --landscape, not both.</source>
        <translation>--portrait 与 --landscape 只能给出一个。</translation>
    </message>
    <message>
        <source>--idle-seconds takes a whole number from %1 to %2, not &quot;%3&quot;.</source>
        <translation>--idle-seconds 须为 %1 到 %2 之间的整数，而不是“%3”。</translation>
    </message>
    <message>
        <source>No service items could be loaded from %1.</source>
        <translation>无法从 %1 加载任何服务事项。</translation>
    </message>
    <message>
        <source>The folder of the encrypted case store and its key file.</source>
        <translation>加密办件库及其密钥文件所在的文件夹。</translation>
    </message>
    <message>
        <source>The county hub&apos;s address; cases are sent there once this kiosk is enrolled (onewindow sync enroll).</source>
        <translation>县级枢纽的地址；本机注册（onewindow sync enroll）后，办件发送到这里。</translation>
    </message>
    <message>
        <source>The hub&apos;s public key: sha256//BASE64 or a PEM file.</source>
        <translation>县级中心的公钥：sha256//BASE64 或 PEM 文件。</translation>
    </message>
    <message>
        <source>Certificates to trust for the hub&apos;s TLS, in PEM.</source>
        <translation>用于核验县级中心 TLS 的可信证书（PEM 格式）。</translation>
    </message>
    <message>
        <source>Read a new admin PIN (6 to 12 digits) from standard input, save it and exit.</source>
        <translation>从标准输入读取新的管理员密码（6 到 12 位数字），保存后退出。</translation>
    </message>
    <message>
        <source>Refuse applications when the data folder has less free space than this (default %1 MB).</source>
        <translation>数据文件夹可用空间低于此值时不再受理申请（默认 %1 MB）。</translation>
    </message>
    <message>
        <source>Shown when the kiosk is out of service: where to go or whom to call.</source>
        <translation>暂停服务时显示：去哪里办理或联系谁。</translation>
    </message>
    <message>
        <source>--min-free-mb takes a whole number of megabytes, not &quot;%1&quot;.</source>
        <translation>--min-free-mb 须为整数（单位 MB），不能是“%1”。</translation>
    </message>
    <message>
        <source>--hub takes an address such as https://hub.example:8443, not &quot;%1&quot;.</source>
        <translation>--hub 需要形如 https://hub.example:8443 的地址，而不是“%1”。</translation>
    </message>
    <message>
        <source>The serial device of the ID card reader, e.g. /dev/ttyUSB0. In demonstration mode without it, a simulated reader with demo cards.</source>
        <translation>身份证读卡器的串口设备，如 /dev/ttyUSB0。演示模式下未指定时，使用带演示卡的模拟读卡器。</translation>
    </message>
    <message>
        <source>Demonstration: take the pictures of materials from the images in this folder instead of a camera.</source>
        <translation>演示：从此文件夹中的图片获取材料照片，代替摄像头。</translation>
    </message>
    <message>
        <source>--card-reader needs the reader&apos;s device, e.g. /dev/ttyUSB0.</source>
        <translation>--card-reader 需要读卡器的设备名，如 /dev/ttyUSB0。</translation>
    </message>
    <message>
        <source>--camera-dir is for demonstrations only; give --demo as well.</source>
        <translation>--camera-dir 仅用于演示，请同时指定 --demo。</translation>
    </message>
    <message>
        <source>How many days a pickup code for continuing at the service window is valid (1 to %1, default %2).</source>
        <translation>到窗口继续办理的取件码有效天数（1 至 %1，默认 %2）。</translation>
    </message>
    <message>
        <source>--pickup-days takes a whole number from 1 to %1, not &quot;%2&quot;.</source>
        <translation>--pickup-days 须为 1 至 %1 的整数，而不是“%2”。</translation>
    </message>
    <message>
        <source>The village helper&apos;s phone number, shown when a citizen calls for help and the county hub cannot be reached.</source>
        <translation>村帮办员的电话号码：群众呼叫帮办员而无法连接县级中心时显示。</translation>
    </message>
    <message>
        <source>Start every visit in elder mode: larger type, one question per page, more time. The home screen&apos;s tile still switches it for one visit.</source>
        <translation>每次办理都从长辈模式开始：字更大、每页一个问题、时间更充裕。首页的按钮仍可为单次办理切换模式。</translation>
    </message>
</context>
<context>
    <name>KioskShell</name>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Demonstration: nothing is sent to any department</source>
        <translation>演示模式：不会向任何部门提交</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>OneWindow self-service</source>
        <translation>一窗通自助服务</translation>
    </message>
    <message>
        <source>OneWindow desk</source>
        <translation>一窗通窗口端</translation>
    </message>
</context>
<context>
    <name>MaintenancePinPad</name>
    <message>
        <source>Maintenance</source>
        <translation>维护</translation>
    </message>
    <message>
        <source>Enter the admin PIN.</source>
        <translation>请输入管理员密码。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>MaintenanceScreen</name>
    <message>
        <source>Maintenance</source>
        <translation>维护</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Export waiting packets to a USB drive:</source>
        <translation>将待发送的数据包导出到 U 盘：</translation>
    </message>
    <message>
        <source>No USB drive found. Insert one and tap Refresh.</source>
        <translation>未发现 U 盘。请插入 U 盘后点“刷新”。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Back to the citizens&apos; screen</source>
        <translation>返回群众办事界面</translation>
    </message>
    <message>
        <source>Quit to the desktop</source>
        <translation>退出到桌面</translation>
    </message>
    <message>
        <source>Voice: %1</source>
        <translation>语音：%1</translation>
    </message>
    <message>
        <source>Quieter</source>
        <translation>调小音量</translation>
    </message>
    <message>
        <source>Volume %1%</source>
        <translation>音量 %1%</translation>
    </message>
    <message>
        <source>Louder</source>
        <translation>调大音量</translation>
    </message>
    <message>
        <source>Test the voice</source>
        <translation>试听语音</translation>
    </message>
</context>
<context>
    <name>MaterialText</name>
    <message>
        <source>“%1” is required: record how it was received.</source>
        <translation>“%1”为必要材料：请记录收取方式。</translation>
    </message>
    <message>
        <source>“%1”: enter the number of the electronic licence.</source>
        <translation>“%1”：请输入电子证照编号。</translation>
    </message>
    <message>
        <source>“%1”: the scan is missing.</source>
        <translation>“%1”：缺少扫描件。</translation>
    </message>
    <message>
        <source>“%1”: the scan is too large (at most %2 MB).</source>
        <translation>“%1”：扫描件过大（最大 %2 MB）。</translation>
    </message>
    <message>
        <source>“%1”: the file is not a picture or a PDF.</source>
        <translation>“%1”：该文件不是图片或 PDF。</translation>
    </message>
    <message>
        <source>“%1” is accepted as missing (容缺): give the date it will be brought, within %2 days.</source>
        <translation>“%1”容缺受理：请填写补交日期（%2 天以内）。</translation>
    </message>
    <message>
        <source>“%1” is accepted as missing (容缺): the applicant&apos;s signed pledge is needed.</source>
        <translation>“%1”容缺受理：需要申请人签署的承诺书。</translation>
    </message>
    <message>
        <source>“%1” is replaced by a pledge (告知承诺): the applicant&apos;s signed pledge is needed.</source>
        <translation>“%1”以告知承诺代替：需要申请人签署的承诺书。</translation>
    </message>
</context>
<context>
    <name>MaterialsScreen</name>
    <message>
        <source>Materials for your application</source>
        <translation>请提供申请材料</translation>
    </message>
    <message>
        <source>Demonstration: “Take a picture” uses sample pictures instead of the camera.</source>
        <translation>演示：“拍照”使用示例图片，不使用摄像头。</translation>
    </message>
    <message>
        <source>Hold each paper flat under the camera and tap “Take a picture”. With an electronic licence code, scan the code instead: no paper is needed.</source>
        <translation>请将每份材料平放在摄像头下，点“拍照”。有电子证照码的，扫码即可，无需纸质材料。</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必须</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Picture taken</source>
        <translation>已拍照</translation>
    </message>
    <message>
        <source>E-licence used, no paper needed (issued by %1)</source>
        <translation>已使用电子证照，免于提交（%1 核发）</translation>
    </message>
    <message>
        <source>Read from your ID card at this kiosk: no paper needed</source>
        <translation>已在本终端刷身份证，免于提交</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>不提供</translation>
    </message>
    <message>
        <source>Take a picture, or scan its e-licence code</source>
        <translation>请拍照，或扫描电子证照码</translation>
    </message>
    <message>
        <source>Take a picture</source>
        <translation>拍照</translation>
    </message>
    <message>
        <source>Take again</source>
        <translation>重拍</translation>
    </message>
    <message>
        <source>Leave out</source>
        <translation>不提供</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Picture taken on the form at this kiosk: no paper needed</source>
        <translation>已在本终端填表时拍照，免于提交</translation>
    </message>
    <message>
        <source>Still to give: %1</source>
        <translation>还需提供：%1 项</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>Previous candidates</source>
        <translation>上一页候选字</translation>
    </message>
    <message>
        <source>Candidate %1: %2</source>
        <translation>候选 %1：%2</translation>
    </message>
    <message>
        <source>More candidates</source>
        <translation>下一页候选字</translation>
    </message>
    <message>
        <source>Syllable separator</source>
        <translation>隔音符号</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Pinyin</source>
        <translation>拼音</translation>
    </message>
    <message>
        <source>Pinyin input</source>
        <translation>拼音输入</translation>
    </message>
    <message>
        <source>English letters</source>
        <translation>英文字母</translation>
    </message>
    <message>
        <source>Digits</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>空格</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>OneWindow</source>
        <translation>一窗通</translation>
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
        <translation>到窗口继续办理？</translation>
    </message>
    <message numerus="yes">
        <source>Your answers and the materials you have photographed so far are saved on this kiosk, encrypted. You get a pickup code: show it at the service window, and the staff continue your application from where you stopped. The code is valid for %n day(s).</source>
        <translation>
            <numerusform>您已填写的内容和已拍摄的材料将加密暂存在本机。您会得到一个取件码：到服务窗口出示，工作人员从您停下的地方继续办理。取件码 %n 天内有效。</numerusform>
        </translation>
    </message>
    <message>
        <source>Save and get a pickup code</source>
        <translation>暂存并领取取件码</translation>
    </message>
    <message>
        <source>Keep filling in here</source>
        <translation>继续在这里填写</translation>
    </message>
</context>
<context>
    <name>PickupScreen</name>
    <message>
        <source>Saved: continue at the service window</source>
        <translation>已暂存，请到窗口继续办理</translation>
    </message>
    <message>
        <source>Pickup code</source>
        <translation>取件码</translation>
    </message>
    <message>
        <source>Valid until %1</source>
        <translation>有效期至 %1</translation>
    </message>
    <message>
        <source>What to bring to the window</source>
        <translation>到窗口请带上</translation>
    </message>
    <message>
        <source>This code (the printed slip or a photograph of it), your ID card, and the original materials the service asks for. Go to the county hall&apos;s service window or the village service point before the date above; after it the saved answers are deleted and must be filled in again.</source>
        <translation>本取件码（打印的取件单或其照片）、本人身份证，以及该事项要求的材料原件。请在上述日期前到县政务服务大厅窗口或村便民服务点办理；过期后暂存的内容将被删除，需要重新填写。</translation>
    </message>
    <message>
        <source>Your pickup code stays on this screen: you can photograph it or write down the short code, or print it again.</source>
        <translation>取件码会保留在屏幕上：您可以拍照或记下短码，也可以重新打印。</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <source>Print slip</source>
        <translation>打印取件单</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>PickupText</name>
    <message>
        <source>This kiosk is not yet connected to the county hub, so it cannot issue a pickup code. Please ask staff for help.</source>
        <translation>本机尚未接入县级平台，无法出具取件码，请联系工作人员。</translation>
    </message>
    <message>
        <source>This kiosk cannot issue pickup codes right now.</source>
        <translation>本机暂时无法出具取件码。</translation>
    </message>
    <message>
        <source>This is not a pickup code. Please scan the code on the pickup slip.</source>
        <translation>这不是取件码，请扫描取件单上的二维码。</translation>
    </message>
    <message>
        <source>This pickup code is not valid.</source>
        <translation>该取件码无效。</translation>
    </message>
    <message>
        <source>No saved application has this pickup code. Please check the code, or scan the QR code on the slip.</source>
        <translation>没有与该取件码对应的暂存申请。请核对取件码，或扫描取件单上的二维码。</translation>
    </message>
</context>
<context>
    <name>PrintText</name>
    <message>
        <source>OneWindow government services</source>
        <translation>一窗通政务服务</translation>
    </message>
    <message>
        <source>This document was not printed: it would show a full ID number. Please ask staff for help.</source>
        <translation>本单据未打印：其中会出现完整的身份证号码。请找工作人员帮助。</translation>
    </message>
    <message>
        <source>The code for this document is not valid.</source>
        <translation>本单据的二维码内容无效。</translation>
    </message>
    <message>
        <source>There is no case number to print.</source>
        <translation>没有可打印的办件编号。</translation>
    </message>
    <message>
        <source>Application receipt</source>
        <translation>办件回执</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>办理事项</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Submitted on</source>
        <translation>提交日期</translation>
    </message>
    <message>
        <source>Promised time</source>
        <translation>承诺办结时限</translation>
    </message>
    <message>
        <source>On the spot</source>
        <translation>即办</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <source>Decision due by</source>
        <translation>承诺办结日期</translation>
    </message>
    <message>
        <source>What happens next</source>
        <translation>接下来怎么办</translation>
    </message>
    <message>
        <source>The department reviews your application within the promised time. You can ask about its progress at any village kiosk or at the county hall&apos;s service window with this receipt. Bring your ID card and the original materials when you collect the result.</source>
        <translation>主管部门将在承诺时限内审查您的申请。凭本回执可在任一村自助服务驿站或县政务服务大厅综合窗口查询办理进度。领取办理结果时，请带上身份证和材料原件。</translation>
    </message>
    <message>
        <source>Signed receipt code: scan it at a kiosk or a service window to look up this case.</source>
        <translation>签名回执码：在自助终端或综合窗口扫描即可查询本办件。</translation>
    </message>
    <message>
        <source>This receipt has no signed code yet because this kiosk is not connected to the county hub. Keep the case number.</source>
        <translation>本终端尚未接入县政务服务平台，本回执暂无签名二维码。请保存好办件编号。</translation>
    </message>
    <message>
        <source>Keep this receipt. Your ID number is printed partly hidden, as the law on personal information requires.</source>
        <translation>请妥善保管本回执。按照个人信息保护的法律要求，身份证号码只打印部分。</translation>
    </message>
    <message>
        <source>Pickup code for your saved application</source>
        <translation>暂存申请取件码</translation>
    </message>
    <message>
        <source>Pickup code</source>
        <translation>取件码</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Scan this code at a kiosk or show it at a service window to continue your application.</source>
        <translation>在自助终端扫描此码，或在综合窗口出示，即可继续办理您的申请。</translation>
    </message>
    <message>
        <source>Anyone holding this slip can continue the application: keep it safe. After the date above the saved answers are deleted.</source>
        <translation>持有本凭条即可继续办理该申请，请妥善保管。超过上述日期，暂存的填写内容将被删除。</translation>
    </message>
    <message>
        <source>What is collected</source>
        <translation>收集哪些信息</translation>
    </message>
    <message>
        <source>Your name, ID number, phone, address and the answers of this form. Your ID number is sensitive personal information; it is stored encrypted on this kiosk and shown only partly hidden.</source>
        <translation>您的姓名、身份证号码、电话、住址和本表填写的内容。身份证号码属于敏感个人信息，在本终端加密保存，屏幕上只显示部分号码。</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>为什么收集</translation>
    </message>
    <message>
        <source>Only to handle this application (%1) and to tell you its progress.</source>
        <translation>仅用于办理本次申请（%1）并告知您办理进度。</translation>
    </message>
    <message>
        <source>How long it is kept</source>
        <translation>保存多久</translation>
    </message>
    <message>
        <source>On this kiosk only until the department has received it; the department keeps the case file for the period the law sets for it, then deletes it.</source>
        <translation>本终端只保存到主管部门收到为止；主管部门按法律规定的期限保存办件档案，期满后删除。</translation>
    </message>
    <message>
        <source>Who sees it</source>
        <translation>谁能看到</translation>
    </message>
    <message>
        <source>The staff of the department that handles it and the service window; every reading is recorded, and you can ask how your data was used.</source>
        <translation>办理本事项的部门和综合窗口工作人员；每次查看都有记录，您可以查询您的信息被如何使用。</translation>
    </message>
    <message>
        <source>Your rights</source>
        <translation>您的权利</translation>
    </message>
    <message>
        <source>Under the Personal Information Protection Law you may see, copy and correct your information, ask how it was used, and withdraw your consent for what has not yet been done; ask at the service window.</source>
        <translation>依据《个人信息保护法》，您可以查阅、复制、更正您的个人信息，查询其使用情况，并可对尚未进行的处理撤回同意；请向综合窗口提出。</translation>
    </message>
    <message>
        <source>How your personal information is used</source>
        <translation>个人信息收集使用告知</translation>
    </message>
    <message>
        <source>This notice was shown on screen before your information was collected; this copy is yours to keep.</source>
        <translation>收集您的信息之前，本告知已在屏幕上向您展示；本份由您留存。</translation>
    </message>
    <message>
        <source>The code for this document could not be made.</source>
        <translation>无法生成本单据的二维码。</translation>
    </message>
    <message>
        <source>The document could not be opened for printing.</source>
        <translation>无法开始打印本单据。</translation>
    </message>
    <message>
        <source>The printer did not take the next page.</source>
        <translation>打印机未能接收下一页。</translation>
    </message>
    <message>
        <source>The document could not be finished.</source>
        <translation>本单据未能完成输出。</translation>
    </message>
    <message>
        <source>The PDF file could not be written to %1.</source>
        <translation>无法将PDF文件写入 %1。</translation>
    </message>
    <message>
        <source>The printer is not ready: it may be out of paper, jammed or open. Please tell staff.</source>
        <translation>打印机未就绪：可能缺纸、卡纸或机盖未关好。请告知工作人员。</translation>
    </message>
    <message>
        <source>No printer is set up here.</source>
        <translation>这里没有设置打印机。</translation>
    </message>
    <message>
        <source>The printer is not connected or not set up.</source>
        <translation>打印机未连接或未设置。</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Printed. Please take your paper from the printer.</source>
        <translation>已打印，请从打印机取走单据。</translation>
    </message>
    <message>
        <source>Saved as PDF.</source>
        <translation>已保存为PDF。</translation>
    </message>
    <message>
        <source>Printing is not installed on this machine. Please tell staff.</source>
        <translation>本机未安装打印功能，请联系工作人员。</translation>
    </message>
    <message>
        <source>Acceptance notice</source>
        <translation>受理通知书</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>办理部门</translation>
    </message>
    <message>
        <source>Accepted on</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>Materials received</source>
        <translation>收取材料</translation>
    </message>
    <message>
        <source>%1, to be brought by %2</source>
        <translation>%1，请于 %2 前补交</translation>
    </message>
    <message>
        <source>Your application was accepted with materials to follow (容缺受理). Bring them by the date shown, as you pledged; the department decides once they are in.</source>
        <translation>您的申请已容缺受理。请按承诺在上述日期前补交材料；材料补齐后，部门作出决定。</translation>
    </message>
    <message>
        <source>Some materials were replaced by your written pledge (告知承诺). If what you pledged proves untrue, the decision can be withdrawn.</source>
        <translation>部分材料以您的书面承诺代替（告知承诺）。如承诺内容不实，审批决定可被撤销。</translation>
    </message>
    <message>
        <source>Keep this notice. Your ID number is printed partly hidden, as the law on personal information requires.</source>
        <translation>请妥善保管本通知书。依照个人信息保护法律规定，身份号码部分隐藏打印。</translation>
    </message>
    <message>
        <source>Not received</source>
        <translation>未收到</translation>
    </message>
    <message>
        <source>Not given (optional)</source>
        <translation>未提供（非必需）</translation>
    </message>
    <message>
        <source>Paper original seen (原件已核验)</source>
        <translation>原件已核验</translation>
    </message>
    <message>
        <source>Electronic licence reused (免证办)</source>
        <translation>电子证照复用（免证办）</translation>
    </message>
    <message>
        <source>Electronic licence %1 reused (免证办)</source>
        <translation>电子证照 %1（免证办）</translation>
    </message>
    <message>
        <source>Scanned and kept with the case</source>
        <translation>扫描件已随办件留存</translation>
    </message>
    <message>
        <source>Missing, accepted (容缺): bring it by %1</source>
        <translation>容缺受理：请于 %1 前补交</translation>
    </message>
    <message>
        <source>Missing, accepted (容缺)</source>
        <translation>容缺受理</translation>
    </message>
    <message>
        <source>Replaced by your written pledge (告知承诺)</source>
        <translation>以书面承诺代替（告知承诺）</translation>
    </message>
    <message>
        <source>There are no materials to list on the receipt.</source>
        <translation>凭证上没有可列出的材料。</translation>
    </message>
    <message>
        <source>Materials receipt</source>
        <translation>材料接收凭证</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>接收日期</translation>
    </message>
    <message>
        <source>Received by</source>
        <translation>接收人</translation>
    </message>
    <message>
        <source>Materials and how they were received</source>
        <translation>材料及接收方式</translation>
    </message>
    <message>
        <source>Bring the materials marked 容缺 to this window by the date shown. Originals seen at the window were handed back to you.</source>
        <translation>请于所示日期前将标注“容缺”的材料送到本窗口。窗口核验过的原件已退还给您。</translation>
    </message>
    <message>
        <source>Originals seen at the window were handed back to you.</source>
        <translation>窗口核验过的原件已退还给您。</translation>
    </message>
    <message>
        <source>You signed a written pledge for the materials marked 容缺 or 告知承诺.</source>
        <translation>对于标注“容缺”或“告知承诺”的材料，您已签署书面承诺。</translation>
    </message>
    <message>
        <source>Keep this receipt with your acceptance notice. Your ID number is printed partly hidden, as the law on personal information requires.</source>
        <translation>请将本凭证与受理通知书一并保存。依照个人信息保护法律的要求，您的身份号码已部分隐藏打印。</translation>
    </message>
    <message>
        <source>There is no reason to print on the refusal notice.</source>
        <translation>不予受理通知书上没有可打印的理由。</translation>
    </message>
    <message>
        <source>Notice of refusal to accept an application</source>
        <translation>不予受理通知书</translation>
    </message>
    <message>
        <source>Decided on</source>
        <translation>决定日期</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Your application was not accepted (不予受理), for the reason below.</source>
        <translation>经审查，您的申请不予受理，理由如下。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>If you disagree with this decision, you may apply for administrative reconsideration within 60 days of receiving this notice, or bring an administrative suit before a people&apos;s court within six months, according to law.</source>
        <translation>如不服本决定，可以自收到本通知书之日起六十日内依法申请行政复议，或者六个月内依法向人民法院提起行政诉讼。</translation>
    </message>
    <message>
        <source>Agent (village helper)</source>
        <translation>代办人</translation>
    </message>
</context>
<context>
    <name>ProgressScreen</name>
    <message>
        <source>Check progress</source>
        <translation>查询进度</translation>
    </message>
    <message>
        <source>Asking the county hub…</source>
        <translation>正在向县级平台查询……</translation>
    </message>
    <message>
        <source>Hold the code on your receipt under the scanner below the screen.</source>
        <translation>请把回执上的二维码放到屏幕下方的扫码口。</translation>
    </message>
    <message>
        <source>Any receipt from a OneWindow kiosk or service window of this county works here. No personal data is shown.</source>
        <translation>本县任何一窗通自助终端或服务窗口出具的回执都可以在这里查询。查询结果不显示任何个人信息。</translation>
    </message>
    <message>
        <source>Demonstration: look up the last receipt of this kiosk</source>
        <translation>演示：查询本机最近一张回执</translation>
    </message>
    <message>
        <source>Case number %1</source>
        <translation>办件编号 %1</translation>
    </message>
    <message>
        <source>The clock is paused until this step is done</source>
        <translation>此环节完成前，办理时限暂停计算</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>办理环节</translation>
    </message>
    <message>
        <source>Who used your application&apos;s data</source>
        <translation>谁使用了您的申请信息</translation>
    </message>
</context>
<context>
    <name>ProtocolText</name>
    <message>
        <source>A message exchanged with the county hub is not in the expected form.</source>
        <translation>与县级中心交换的消息格式不正确。</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <source>Review queue</source>
        <translation>待审批办件</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Asking the county hub…</source>
        <translation>正在向县级中心查询…</translation>
    </message>
    <message>
        <source>County hub unreachable · list as of %1</source>
        <translation>无法连接县级中心 · 列表为 %1 的数据</translation>
    </message>
    <message>
        <source>County hub unreachable · no list fetched yet</source>
        <translation>无法连接县级中心 · 尚未取得列表</translation>
    </message>
    <message>
        <source>Refreshed %1</source>
        <translation>已于 %1 刷新</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>服务事项</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收件时间</translation>
    </message>
    <message>
        <source>Promised</source>
        <translation>承诺时限</translation>
    </message>
    <message>
        <source>Statutory</source>
        <translation>法定时限</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>The queue comes from the county hub, which cannot be reached now. Press F5 to try again.</source>
        <translation>待审批列表来自县级中心，目前无法连接。按 F5 重试。</translation>
    </message>
    <message>
        <source>No cases wait for your department.</source>
        <translation>本部门暂无待审批办件。</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n case(s) shown</source>
        <translation>
            <numerusform>共 %n 件，显示 %1 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Filter the queue</source>
        <translation>筛选办件</translation>
    </message>
    <message>
        <source>Case number or service item  (Ctrl+F)</source>
        <translation>办件编号或服务事项（Ctrl+F）</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Waiting for a decision</source>
        <translation>待决定</translation>
    </message>
    <message>
        <source>Due within 2 days</source>
        <translation>2 日内到期</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>No case matches the filter.</source>
        <translation>没有符合筛选条件的办件。</translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) waiting to send</source>
        <translation>
            <numerusform>%n 项审批决定待发送</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n case(s) loaded</source>
        <translation>
            <numerusform>已载入 %1 件，共 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 shown · %2 of %n case(s) loaded</source>
        <translation>
            <numerusform>显示 %1 件 · 已载入 %2 件，共 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading more cases from the county hub…</source>
        <translation>正在从县级中心载入更多办件…</translation>
    </message>
    <message>
        <source>More cases are on the county hub, which cannot be reached now.</source>
        <translation>县级中心还有更多办件，但现在无法连接。</translation>
    </message>
    <message>
        <source>More cases load as you scroll.</source>
        <translation>向下滚动即载入更多办件。</translation>
    </message>
</context>
<context>
    <name>RaterWindow</name>
    <message>
        <source>Rate our service</source>
        <translation>请您评价</translation>
    </message>
    <message>
        <source>After your business is done, the clerk will ask you to rate it here.</source>
        <translation>业务办理完毕后，工作人员会请您在此进行评价。</translation>
    </message>
    <message>
        <source>How satisfied are you with this service?</source>
        <translation>您对本次服务满意吗？</translation>
    </message>
    <message>
        <source>Application %1</source>
        <translation>办件编号 %1</translation>
    </message>
    <message>
        <source>1 is the lowest, 5 the highest.</source>
        <translation>1 分最低，5 分最高。</translation>
    </message>
    <message>
        <source>Submit my rating</source>
        <translation>提交评价</translation>
    </message>
    <message>
        <source>Thank you for your rating!</source>
        <translation>感谢您的评价！</translation>
    </message>
    <message>
        <source>Your opinion helps the hall serve you better.</source>
        <translation>您的意见将帮助我们改进服务。</translation>
    </message>
</context>
<context>
    <name>RatingScreen</name>
    <message>
        <source>Thank you for your rating</source>
        <translation>感谢您的评价</translation>
    </message>
    <message>
        <source>Rate this service</source>
        <translation>评价本次服务</translation>
    </message>
    <message>
        <source>Case number %1</source>
        <translation>办件编号 %1</translation>
    </message>
    <message>
        <source>Hold the code on your receipt under the scanner below the screen.</source>
        <translation>请把回执上的二维码放到屏幕下方的扫码口。</translation>
    </message>
    <message>
        <source>Applications made at this kiosk can be rated here. Each application is rated once.</source>
        <translation>在本机办理的申请可以在这里评价，每件申请评价一次。</translation>
    </message>
    <message>
        <source>Demonstration: rate the last receipt of this kiosk</source>
        <translation>演示：评价本机最近打印的回执</translation>
    </message>
    <message>
        <source>How satisfied are you with this service? Touch one.</source>
        <translation>您对本次服务满意吗？请点选一项。</translation>
    </message>
    <message>
        <source>Your rating is saved. It helps the county improve its services.</source>
        <translation>您的评价已保存，它将帮助县里改进政务服务。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>RatingText</name>
    <message>
        <source>Very satisfied</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Fairly satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <source>Very dissatisfied</source>
        <translation>非常不满意</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Your application is saved</source>
        <translation>您的申请已保存</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>办理事项</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Promised time</source>
        <translation>承诺办结时限</translation>
    </message>
    <message>
        <source>On the spot</source>
        <translation>即办</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <source>What happens next</source>
        <translation>接下来怎么办</translation>
    </message>
    <message>
        <source>Your application is stored encrypted on this kiosk. It is not yet sent to the department: sending, and a printed receipt with a signed code, come when this kiosk is connected to the county hub. Please write down the case number, and bring your ID card and the listed materials to the village service point or the county hall&apos;s service window.</source>
        <translation>您的申请已加密保存在本终端，尚未发送到主管部门：本终端接入县政务服务平台后，才能发送申请并打印带签名二维码的回执。请记下办件编号，带上身份证和所需材料，到村便民服务点或县政务服务大厅综合窗口办理。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Your receipt stays on this screen: you can photograph its code, or print it again.</source>
        <translation>回执会一直显示在本屏幕上：您可以用手机拍下二维码，或重新打印。</translation>
    </message>
    <message>
        <source>Your receipt stays on this screen: please write down the case number, or print it again.</source>
        <translation>回执会一直显示在本屏幕上：请记下办件编号，或重新打印。</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>打印回执</translation>
    </message>
    <message>
        <source>Photograph or print this code. Show it at any kiosk or service window to see how your application is going.</source>
        <translation>请拍下或打印这个二维码。在任何自助终端或服务窗口出示它，即可查询办理进度。</translation>
    </message>
    <message>
        <source>Your application is sealed and will be sent to the department as soon as this kiosk is connected; you do not need to wait here. Bring your ID card and the original materials when you collect the result at the county hall&apos;s service window.</source>
        <translation>您的申请已加密封存，本机联网后会立即发送给承办部门，您无需在此等候。领取结果时，请携带身份证和材料原件到县政务服务大厅窗口。</translation>
    </message>
    <message>
        <source>Rate this service</source>
        <translation>评价本次服务</translation>
    </message>
</context>
<context>
    <name>RegionField</name>
    <message>
        <source>Province</source>
        <translation>省</translation>
    </message>
    <message>
        <source>City</source>
        <translation>市</translation>
    </message>
    <message>
        <source>County or district</source>
        <translation>县（区）</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>Please check your answers</source>
        <translation>请核对填写的内容</translation>
    </message>
    <message>
        <source>To change something, tap Back.</source>
        <translation>需要修改的，请点“上一步”。</translation>
    </message>
    <message>
        <source>These are right</source>
        <translation>内容无误</translation>
    </message>
</context>
<context>
    <name>RoleText</name>
    <message>
        <source>Window clerk</source>
        <translation>综合窗口受理人员</translation>
    </message>
    <message>
        <source>Department reviewer</source>
        <translation>部门审批人员</translation>
    </message>
    <message>
        <source>Village helper</source>
        <translation>村帮办代办员</translation>
    </message>
    <message>
        <source>Hall supervisor</source>
        <translation>大厅管理员</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>审计员</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
</context>
<context>
    <name>ScanText</name>
    <message>
        <source>The file is not an image that can be read, or it is damaged.</source>
        <translation>该文件不是可读取的图片，或已损坏。</translation>
    </message>
    <message>
        <source>This text cannot be put into a code of that kind.</source>
        <translation>该内容无法生成此类码。</translation>
    </message>
    <message>
        <source>The code&apos;s signature is not genuine.</source>
        <translation>该码的签名不真实。</translation>
    </message>
    <message>
        <source>A signing key of the service hall is damaged.</source>
        <translation>服务大厅的签名密钥已损坏。</translation>
    </message>
    <message>
        <source>The ID card could not be read correctly; place it on the reader again.</source>
        <translation>未能正确读取身份证，请将身份证重新放到阅读器上。</translation>
    </message>
    <message>
        <source>The ID card reader sent damaged data; place the card on the reader again.</source>
        <translation>身份证阅读器传来的数据已损坏，请将身份证重新放到阅读器上。</translation>
    </message>
    <message>
        <source>The ID card reader cannot be opened; check its cable.</source>
        <translation>无法打开身份证阅读器，请检查连接线。</translation>
    </message>
    <message>
        <source>The ID card moved while it was read; place it again.</source>
        <translation>读卡时身份证被移动，请重新放置。</translation>
    </message>
    <message>
        <source>The ID card reader did not answer; check its cable.</source>
        <translation>身份证阅读器没有响应，请检查连接线。</translation>
    </message>
    <message>
        <source>The ID card reader was disconnected.</source>
        <translation>身份证阅读器已断开连接。</translation>
    </message>
    <message>
        <source>This is not a complete resident ID number.</source>
        <translation>这不是完整的公民身份号码。</translation>
    </message>
    <message>
        <source>The ID number contains a birth date that does not exist.</source>
        <translation>身份证号码中的出生日期不存在。</translation>
    </message>
    <message>
        <source>The ID number&apos;s check digit is wrong: it was mistyped or is not genuine.</source>
        <translation>身份证号码校验位错误：号码输错或不是真实号码。</translation>
    </message>
    <message>
        <source>The ID number&apos;s region code does not exist.</source>
        <translation>身份证号码中的行政区划代码不存在。</translation>
    </message>
    <message>
        <source>This is not a complete unified social credit code.</source>
        <translation>这不是完整的统一社会信用代码。</translation>
    </message>
    <message>
        <source>The unified social credit code&apos;s check character is wrong: it was mistyped or is not genuine.</source>
        <translation>统一社会信用代码校验码错误：代码输错或不是真实代码。</translation>
    </message>
    <message>
        <source>This web address is malformed.</source>
        <translation>该网址格式不正确。</translation>
    </message>
    <message>
        <source>This web address is too long to show.</source>
        <translation>该网址过长，无法显示。</translation>
    </message>
    <message>
        <source>This code is too long to be one the service hall uses.</source>
        <translation>该码内容过长，不是服务大厅使用的码。</translation>
    </message>
    <message>
        <source>The code&apos;s text is damaged or not in UTF-8, so it cannot be read.</source>
        <translation>该码的内容已损坏或不是 UTF-8 编码，无法读取。</translation>
    </message>
    <message>
        <source>This code is not one the service hall uses.</source>
        <translation>这不是服务大厅使用的码。</translation>
    </message>
    <message>
        <source>The code cannot be made: one of its fields is not valid.</source>
        <translation>无法生成该码：其中有字段无效。</translation>
    </message>
    <message>
        <source>The code&apos;s signature does not match: it is forged or was altered.</source>
        <translation>该码的签名不符：码是伪造的或已被篡改。</translation>
    </message>
    <message>
        <source>This receipt code is damaged or incomplete.</source>
        <translation>该回执码已损坏或不完整。</translation>
    </message>
    <message>
        <source>This code was issued by a device the service hall does not know.</source>
        <translation>该码由服务大厅不认识的设备签发。</translation>
    </message>
    <message>
        <source>This receipt is dated in the future; check the date and time of this device.</source>
        <translation>该回执的日期在未来，请检查本设备的日期和时间。</translation>
    </message>
    <message>
        <source>This pickup code is damaged or incomplete.</source>
        <translation>该取件码已损坏或不完整。</translation>
    </message>
    <message>
        <source>This pickup code has expired; the draft must be filled in again.</source>
        <translation>该取件码已过期，需要重新填写草稿。</translation>
    </message>
    <message>
        <source>This e-licence code is damaged or incomplete.</source>
        <translation>该电子证照码已损坏或不完整。</translation>
    </message>
    <message>
        <source>This e-licence was issued by an authority the service hall does not trust.</source>
        <translation>该电子证照的签发机关不在服务大厅的可信名单中。</translation>
    </message>
    <message>
        <source>The issuing authority may not issue this kind of licence.</source>
        <translation>该发证机关无权签发此类证照。</translation>
    </message>
    <message>
        <source>This e-licence is not valid yet.</source>
        <translation>该电子证照尚未生效。</translation>
    </message>
    <message>
        <source>This e-licence has expired.</source>
        <translation>该电子证照已过有效期。</translation>
    </message>
    <message>
        <source>The list of trusted code issuers is damaged; signed codes cannot be checked.</source>
        <translation>可信签发方名单已损坏，无法核验带签名的码。</translation>
    </message>
    <message>
        <source>The list of trusted code issuers is missing; signed codes cannot be checked.</source>
        <translation>缺少可信签发方名单，无法核验带签名的码。</translation>
    </message>
    <message>
        <source>No code was found in the image.</source>
        <translation>图片中没有找到码。</translation>
    </message>
    <message>
        <source>Hold the code inside the frame.</source>
        <translation>请将码放在取景框内。</translation>
    </message>
    <message>
        <source>No code found yet: hold it closer and keep it still, about 20 cm from the camera.</source>
        <translation>还没有识别到码：请靠近一些并保持不动，距离摄像头约 20 厘米。</translation>
    </message>
    <message>
        <source>Code read.</source>
        <translation>已识别。</translation>
    </message>
    <message>
        <source>The camera is not available; check that it is connected, or choose another one.</source>
        <translation>摄像头不可用，请检查是否已连接，或选择其他摄像头。</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>OneWindow</source>
        <translation>一窗通</translation>
    </message>
    <message>
        <source>Service hall desk</source>
        <translation>政务服务大厅窗口端</translation>
    </message>
    <message>
        <source>Signed in on this desk only (hub unreachable)</source>
        <translation>仅在本窗口端登录（无法连接中心）</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>OneWindow</source>
        <translation>一窗通</translation>
    </message>
    <message>
        <source>One window accepts every department&apos;s applications; departments decide in the back office; the same window hands out the result.</source>
        <translation>前台综合受理、后台分类审批、统一窗口出件。</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Use your service hall account. Department reviewers sign in with their county hub account.</source>
        <translation>请使用您的大厅工作账号登录。部门审批人员使用县级中心账号。</translation>
    </message>
    <message>
        <source>Use your service hall account. This desk has no county hub: only accounts kept on this desk sign in.</source>
        <translation>请使用您的大厅工作账号登录。本窗口端未连接县级中心：只能使用保存在本窗口端的账号。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>After 5 wrong passwords the account is locked for 15 minutes. An unattended desk signs out by itself.</source>
        <translation>密码连续错误 5 次，账号将锁定 15 分钟。长时间无人操作时自动退出登录。</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Sign here with your finger</source>
        <translation>请用手指在此签名</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Signature: sign here with your finger</source>
        <translation>签名：请用手指在这里签名</translation>
    </message>
</context>
<context>
    <name>StatBars</name>
    <message>
        <source>Nothing in this period.</source>
        <translation>本期间暂无数据。</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <source>Hall statistics</source>
        <translation>大厅运行统计</translation>
    </message>
    <message>
        <source>Counting at the county hub…</source>
        <translation>县级中心正在统计…</translation>
    </message>
    <message>
        <source>%1 · all devices of the county</source>
        <translation>%1 · 全县所有终端</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>Cases by service item</source>
        <translation>按事项统计办件</translation>
    </message>
    <message>
        <source>Cases by department</source>
        <translation>按部门统计办件</translation>
    </message>
    <message>
        <source>Cases by channel</source>
        <translation>按渠道统计办件</translation>
    </message>
    <message>
        <source>Ratings by level</source>
        <translation>好差评分布</translation>
    </message>
    <message>
        <source>No rating in this period.</source>
        <translation>本期间暂无评价。</translation>
    </message>
    <message>
        <source>Most overdue cases</source>
        <translation>超期最久的办件</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <source>No case in review is overdue.</source>
        <translation>审批中的办件均未超期。</translation>
    </message>
</context>
<context>
    <name>StoreText</name>
    <message>
        <source>The disk is full. The last change was not saved; everything saved before is intact. Free some space and try again.</source>
        <translation>磁盘已满，最后一次修改未保存；此前保存的内容完好无损。请清理磁盘空间后重试。</translation>
    </message>
    <message>
        <source>The store could not write to the disk (it may be full). The last change was not saved; everything saved before is intact.</source>
        <translation>数据存储无法写入磁盘（磁盘可能已满），最后一次修改未保存；此前保存的内容完好无损。</translation>
    </message>
    <message>
        <source>The store could not read or write its file.</source>
        <translation>数据存储无法读写其文件。</translation>
    </message>
    <message>
        <source>The key does not match this database.</source>
        <translation>密钥与此数据库不匹配。</translation>
    </message>
    <message>
        <source>The store file is damaged.</source>
        <translation>数据存储文件已损坏。</translation>
    </message>
    <message>
        <source>The store file could not be opened.</source>
        <translation>无法打开数据存储文件。</translation>
    </message>
    <message>
        <source>This record already exists.</source>
        <translation>此记录已存在。</translation>
    </message>
    <message>
        <source>The store reported an error.</source>
        <translation>数据存储发生错误。</translation>
    </message>
    <message>
        <source>No case with this number is stored on this device.</source>
        <translation>本设备上没有此编号的办件。</translation>
    </message>
    <message>
        <source>This case can no longer be edited: it is “%1”.</source>
        <translation>此办件已不能修改：当前状态为“%1”。</translation>
    </message>
    <message>
        <source>This attachment is not stored on this device.</source>
        <translation>本设备上没有此附件。</translation>
    </message>
    <message>
        <source>This store was written by a newer version of OneWindow. Update the program to open it.</source>
        <translation>此数据存储由更新版本的一窗通写入，请升级程序后再打开。</translation>
    </message>
    <message>
        <source>This file is not a OneWindow store. It was left untouched.</source>
        <translation>此文件不是一窗通数据存储，未作任何改动。</translation>
    </message>
    <message>
        <source>The store could not write to the disk (it may be full).</source>
        <translation>数据存储无法写入磁盘（磁盘可能已满）。</translation>
    </message>
    <message>
        <source>The store file is damaged: it has been cut short.</source>
        <translation>数据存储文件已损坏：文件不完整（被截断）。</translation>
    </message>
    <message>
        <source>There is no store at this location.</source>
        <translation>此位置没有数据存储。</translation>
    </message>
    <message>
        <source>The key for this store is missing. The store stays locked.</source>
        <translation>缺少此数据存储的密钥，数据仍保持锁定。</translation>
    </message>
    <message>
        <source>The audit trail has been altered at entry %1.</source>
        <translation>审计记录在第 %1 条处被篡改。</translation>
    </message>
    <message>
        <source>The holiday calendar could not be read.</source>
        <translation>无法读取节假日日历。</translation>
    </message>
    <message>
        <source>The holiday calendar is damaged.</source>
        <translation>节假日日历已损坏。</translation>
    </message>
    <message>
        <source>The comment is too long: at most %1 characters.</source>
        <translation>意见太长了：最多 %1 个字。</translation>
    </message>
    <message>
        <source>This application has already been rated. Each application is rated once.</source>
        <translation>这件申请已经评价过了，每件申请只评价一次。</translation>
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
        <translation>用法：
  onewindow sync enroll --db 路径 密钥 --hub 地址 --code 注册码 [--name 名称] [--suite gm|intl] [--pin 公钥]
  onewindow sync seal   --db 路径 密钥 办件编号...
  onewindow sync push   --db 路径 密钥 --hub 地址 [--pin 公钥]
  onewindow sync pull   --db 路径 密钥 --hub 地址 [--pin 公钥]
  onewindow sync status --db 路径 密钥
  onewindow export-packets 目录 --db 路径 密钥
密钥为 --key-file 路径 或 --passphrase-stdin。公钥为县级中心的公钥，格式为 sha256//BASE64。
明文 http:// 仅允许用于本机上的中心。</translation>
    </message>
    <message>
        <source>Name the hub with --hub URL.</source>
        <translation>请用 --hub 地址 指定县级中心。</translation>
    </message>
    <message>
        <source>Unknown suite %1: use gm or intl.</source>
        <translation>未知的密码套件 %1：请使用 gm 或 intl。</translation>
    </message>
    <message>
        <source>Enrolled as device %1 with hub %2.</source>
        <translation>已在中心 %2 注册为设备 %1。</translation>
    </message>
    <message>
        <source>Hub signing key fingerprint: %1</source>
        <translation>中心签名公钥指纹：%1</translation>
    </message>
    <message>
        <source>Sealed case %1 as packet %2.</source>
        <translation>办件 %1 已封装为数据包 %2。</translation>
    </message>
    <message>
        <source>Acknowledged %1 packets, uploaded %2 attachments, %3 refused, %4 still waiting.</source>
        <translation>已确认 %1 个数据包，上传 %2 个附件，%3 个被拒收，%4 个仍在等待。</translation>
    </message>
    <message>
        <source>Read %1 status updates; %2 cases changed.</source>
        <translation>读取 %1 条状态更新；%2 个办件有变化。</translation>
    </message>
    <message>
        <source>New catalog %1 with %2 items.</source>
        <translation>新的事项目录 %1，共 %2 个事项。</translation>
    </message>
    <message>
        <source>The catalog is up to date.</source>
        <translation>事项目录已是最新。</translation>
    </message>
    <message>
        <source>%1 packets and attachments wait in the outbox.</source>
        <translation>发件箱中有 %1 个数据包和附件等待发送。</translation>
    </message>
    <message>
        <source>Refused by the hub: %1</source>
        <translation>被中心拒收：%1</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>Wrote %1 packets and %2 attachments to %3 (%4 already there).</source>
        <translation>已向 %3 写入 %1 个数据包和 %2 个附件（%4 个已存在）。</translation>
    </message>
    <message>
        <source>No case with this number is stored on this device.</source>
        <translation>本设备上没有此编号的办件。</translation>
    </message>
    <message>
        <source>This case has already been sealed and queued.</source>
        <translation>该办件已封装并进入发件队列。</translation>
    </message>
    <message>
        <source>This case&apos;s personal data has been removed.</source>
        <translation>该办件的个人信息已被清除。</translation>
    </message>
    <message>
        <source>The hub address is not a valid http(s) address.</source>
        <translation>县级中心地址不是有效的 http(s) 地址。</translation>
    </message>
    <message>
        <source>The hub must be reached over HTTPS; plain HTTP is only allowed on this computer.</source>
        <translation>必须通过 HTTPS 连接县级中心；明文 HTTP 仅允许用于本机。</translation>
    </message>
    <message>
        <source>The hub&apos;s public key is not configured, so its identity cannot be checked.</source>
        <translation>未配置县级中心的公钥，无法核验其身份。</translation>
    </message>
    <message>
        <source>Mutual TLS needs both the device certificate and its private key.</source>
        <translation>双向 TLS 需要同时提供设备证书及其私钥。</translation>
    </message>
    <message>
        <source>A certificate or key file for the hub cannot be read.</source>
        <translation>无法读取连接县级中心所需的证书或密钥文件。</translation>
    </message>
    <message>
        <source>A sealed packet in the outbox is damaged.</source>
        <translation>发件箱中的一个封装数据包已损坏。</translation>
    </message>
    <message>
        <source>The hub&apos;s receipt could not be verified; the case stays queued.</source>
        <translation>无法核验县级中心的回执，办件继续留在发件队列中。</translation>
    </message>
    <message>
        <source>This device is not enrolled with a county hub yet. Ask the administrator for an enrollment code.</source>
        <translation>本设备尚未在县级中心注册。请向管理员索取注册码。</translation>
    </message>
    <message>
        <source>The hub enrollment kept on this device is damaged. Enroll the device again.</source>
        <translation>本设备保存的中心注册信息已损坏。请重新注册设备。</translation>
    </message>
    <message>
        <source>This device is already enrolled with a county hub.</source>
        <translation>本设备已在县级中心注册。</translation>
    </message>
    <message>
        <source>The enrollment code is not valid. It has 12 letters and digits, like ABCD-EFGH-JKMN.</source>
        <translation>注册码无效。注册码由 12 个字母和数字组成，例如 ABCD-EFGH-JKMN。</translation>
    </message>
    <message>
        <source>The county hub cannot be reached. Check the network and try again.</source>
        <translation>无法连接县级中心。请检查网络后重试。</translation>
    </message>
    <message>
        <source>The hub did not accept this enrollment code: it is unknown, expired or already used.</source>
        <translation>县级中心未接受该注册码：注册码不存在、已过期或已被使用。</translation>
    </message>
    <message>
        <source>The county hub refused the enrollment (%1).</source>
        <translation>县级中心拒绝了注册（%1）。</translation>
    </message>
    <message>
        <source>The county hub sent an enrollment answer that cannot be used.</source>
        <translation>县级中心返回的注册应答无法使用。</translation>
    </message>
    <message>
        <source>The county hub cannot be reached. Cases stay safely on this device and are sent when the connection is back.</source>
        <translation>无法连接县级中心。办件安全保存在本设备上，网络恢复后自动发送。</translation>
    </message>
    <message>
        <source>The county hub could not answer the request (%1).</source>
        <translation>县级中心无法响应该请求（%1）。</translation>
    </message>
    <message>
        <source>The catalog sent by the county hub is damaged.</source>
        <translation>县级中心发来的事项目录已损坏。</translation>
    </message>
    <message>
        <source>The county hub already holds a different packet under the same identity. This packet will not be sent again; please tell the county administrator.</source>
        <translation>县级中心已存有相同标识但内容不同的数据包。该数据包不会再次发送；请告知县级管理员。</translation>
    </message>
    <message>
        <source>The county hub refused a packet (%1). It will not be sent again; please tell the county administrator.</source>
        <translation>县级中心拒收了一个数据包（%1）。该数据包不会再次发送；请告知县级管理员。</translation>
    </message>
    <message>
        <source>This device&apos;s clock is wrong. Correct the date and time so that cases can be sent.</source>
        <translation>本设备的时钟不正确。请校正日期和时间，以便发送办件。</translation>
    </message>
    <message>
        <source>The county hub is busy or has a problem. The case is sent again later.</source>
        <translation>县级中心繁忙或出现故障。办件将稍后重新发送。</translation>
    </message>
    <message>
        <source>The county hub has no application for this receipt. If it was submitted today, the kiosk may not have sent it yet; please try again later or ask at the service hall.</source>
        <translation>县级平台没有查到这张回执对应的申请。如果是今天提交的，自助终端可能还没有发送，请稍后再试，或到政务服务大厅咨询。</translation>
    </message>
    <message>
        <source>The application saved under this pickup code is not on this device yet. Please wait until it has synced, or ask the citizen to fill it in again.</source>
        <translation>该取件码对应的暂存申请尚未同步到本机。请等待同步完成，或请群众重新填写。</translation>
    </message>
    <message>
        <source>This pickup code has already been used: the application was taken over at a service window.</source>
        <translation>该取件码已使用过：这份申请已在窗口接续办理。</translation>
    </message>
    <message>
        <source>This device cannot reach the hub: its network library is missing.</source>
        <translation>本机无法连接县级汇聚中心：缺少网络组件。</translation>
    </message>
    <message>
        <source>The list of device keys sent by the county hub is damaged. The keys known before are kept.</source>
        <translation>县级平台发来的设备密钥清单已损坏，本机继续使用之前保存的密钥。</translation>
    </message>
    <message>
        <source>Another device of this county already numbers its cases with %1. Give this device another device id and enroll again.</source>
        <translation>本县已有另一台设备使用 %1 作为办件编号前缀。请为本设备设置其他设备编号后重新注册。</translation>
    </message>
    <message>
        <source>The county hub cannot be reached.</source>
        <translation>无法连接县级中心。</translation>
    </message>
    <message>
        <source>The county hub cannot be reached right now.</source>
        <translation>目前无法连接县级中心。</translation>
    </message>
    <message>
        <source>The user name or the password is wrong.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message numerus="yes">
        <source>This account is locked after too many wrong passwords. Try again in %n minute(s).</source>
        <translation>
            <numerusform>密码错误次数过多，账号已锁定。请 %n 分钟后再试。</numerusform>
        </translation>
    </message>
    <message>
        <source>This account is disabled. Ask the hall&apos;s administrator.</source>
        <translation>此账号已停用，请联系大厅系统管理员。</translation>
    </message>
    <message>
        <source>Your sign-in at the county hub has ended. Please sign in again.</source>
        <translation>您在县级中心的登录已失效，请重新登录。</translation>
    </message>
    <message>
        <source>Your account may not do this.</source>
        <translation>您的账号无权进行此操作。</translation>
    </message>
    <message>
        <source>The county hub does not show this case to you.</source>
        <translation>县级中心未向您提供此办件。</translation>
    </message>
    <message>
        <source>The case has changed since you opened it (a corrected application came in). It has been reloaded: please read it again and decide on what it holds now.</source>
        <translation>您打开此办件后，办件已有变化（收到了补正后的申请）。已重新加载：请重新阅读，按现在的内容作出决定。</translation>
    </message>
    <message>
        <source>This case has already been decided, or waits for the citizen&apos;s correction.</source>
        <translation>此办件已有审批结果，或正在等待申请人补正。</translation>
    </message>
    <message>
        <source>The county hub refused the request.</source>
        <translation>县级中心拒绝了此请求。</translation>
    </message>
    <message>
        <source>Mailed, tracking number %1</source>
        <translation>邮寄送达，邮件号 %1</translation>
    </message>
    <message>
        <source>Collected in person by %1 (ID %2)</source>
        <translation>由 %1 当面领取（身份证号 %2）</translation>
    </message>
    <message>
        <source>Write the name of the person who collects the result.</source>
        <translation>请填写领取人姓名。</translation>
    </message>
    <message>
        <source>The collector&apos;s ID number is not valid. Check it against the card.</source>
        <translation>领取人身份证号码无效，请对照证件核对。</translation>
    </message>
    <message>
        <source>Write the tracking number of the mailing: 8 to 30 letters and digits.</source>
        <translation>请填写邮件号：8 至 30 位字母或数字。</translation>
    </message>
    <message>
        <source>There is no such case on this desk.</source>
        <translation>本窗口没有这件办件。</translation>
    </message>
    <message>
        <source>This case&apos;s result was issued already.</source>
        <translation>该办件的结果已经出件。</translation>
    </message>
    <message>
        <source>This case has no decision yet (it is “%1”): there is nothing to issue.</source>
        <translation>该办件尚未作出决定（当前为“%1”），无法出件。</translation>
    </message>
    <message>
        <source>This case was never sent to the county hub from this desk, so its result cannot be issued here.</source>
        <translation>该办件未曾从本窗口发送到县级平台，不能在此出件。</translation>
    </message>
    <message>
        <source>Attach what the citizen brought for the correction.</source>
        <translation>请附上群众补交的材料。</translation>
    </message>
    <message>
        <source>A file is larger than %1 MB. Scan it again at a lower resolution.</source>
        <translation>有文件超过 %1 MB，请降低分辨率重新扫描。</translation>
    </message>
    <message>
        <source>A file is not a picture (JPEG, PNG) or a PDF. Scan the material again.</source>
        <translation>有文件不是图片（JPEG、PNG）或 PDF，请重新扫描该材料。</translation>
    </message>
    <message>
        <source>This case is not waiting for a correction (it is “%1”).</source>
        <translation>该办件不在等待补齐补正（当前为“%1”）。</translation>
    </message>
    <message numerus="yes">
        <source>Correction recorded at the window: %n material(s) supplied</source>
        <translation>
            <numerusform>窗口已登记补齐补正：补交材料 %n 份</numerusform>
        </translation>
    </message>
    <message>
        <source>The application sent by the county hub does not verify. It was not opened; please ask the citizen to fill it in here.</source>
        <translation>县级平台发来的申请未通过校验，未予打开；请与群众在窗口重新填写。</translation>
    </message>
    <message>
        <source>The county hub cannot be reached, so the application cannot be fetched now. Try again in a moment, or fill it in here with the citizen.</source>
        <translation>暂时无法连接县级平台，申请无法获取。请稍后再试，或与群众在窗口填写。</translation>
    </message>
    <message>
        <source>No application with this pickup code has reached the county hub. Check the code. If the citizen saved it just now at a kiosk that is offline, it arrives once that kiosk is online again.</source>
        <translation>县级平台上没有此取件码的申请。请核对取件码；如群众刚在离线的自助终端保存，该终端联网后申请即会送达。</translation>
    </message>
    <message>
        <source>This pickup code has expired and the saved application was removed. Please fill it in here with the citizen.</source>
        <translation>此取件码已过期，保存的申请已删除。请与群众在窗口填写。</translation>
    </message>
    <message>
        <source>The county hub did not hand over the application (%1). Please try again or fill it in here.</source>
        <translation>县级平台未交付该申请（%1）。请重试，或在窗口填写。</translation>
    </message>
    <message>
        <source>Only a window clerk or a village helper can take over an application saved at a kiosk.</source>
        <translation>只有综合窗口受理人员或村帮办代办员可以接续自助终端保存的申请。</translation>
    </message>
    <message>
        <source>This case is in a special procedure: end the special procedure before you decide.</source>
        <translation>该办件正在特别程序中：请先结束特别程序再作决定。</translation>
    </message>
    <message>
        <source>This case is not in a special procedure (it may have been ended meanwhile).</source>
        <translation>该办件不在特别程序中（可能已被结束）。</translation>
    </message>
    <message>
        <source>The county hub did not take the expected end: it must be after today and at most 180 days ahead.</source>
        <translation>县级平台未接受预计结束日期：须晚于今天且不超过 180 天。</translation>
    </message>
    <message>
        <source>The county hub does not know this help request.</source>
        <translation>县级平台上没有这条呼叫帮办请求。</translation>
    </message>
    <message>
        <source>The county hub already holds another rating of this application. This rating will not be sent again.</source>
        <translation>县级平台已有该办件的另一条评价，本条评价不再发送。</translation>
    </message>
    <message>
        <source>Rate each of the four aspects of the service.</source>
        <translation>请对服务的四个方面分别评分。</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>OW</source>
        <comment>the product&apos;s mark, one or two characters</comment>
        <translation>窗</translation>
    </message>
    <message>
        <source>OneWindow</source>
        <translation>一窗通</translation>
    </message>
    <message>
        <source>24-hour self-service government station</source>
        <translation>24小时自助政务服务驿站</translation>
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
        <translation>用这种语言显示</translation>
    </message>
    <message>
        <source>Read again</source>
        <translation>再听一遍</translation>
    </message>
    <message>
        <source>Read this screen&apos;s question aloud again</source>
        <translation>把本页的提示再读一遍</translation>
    </message>
    <message>
        <source>Call a helper</source>
        <translation>呼叫帮办员</translation>
    </message>
    <message>
        <source>Ask the village helper to come to this kiosk</source>
        <translation>请村帮办员到这台自助机来帮忙</translation>
    </message>
    <message>
        <source>24h self-service</source>
        <translation>24小时自助驿站</translation>
    </message>
</context>
<context>
    <name>Viewfinder</name>
    <message>
        <source>Hold the code or the ID card inside the frame</source>
        <translation>请将二维码或身份证放在框内</translation>
    </message>
</context>
<context>
    <name>Voice</name>
    <message>
        <source>The speech engine %1 has no English voice.</source>
        <translation>语音引擎 %1 没有英文语音。</translation>
    </message>
    <message>
        <source>The speech engine %1 has no Mandarin voice: install one (for example espeak-ng with speech-dispatcher).</source>
        <translation>语音引擎 %1 没有普通话语音：请安装一种（例如配合 speech-dispatcher 的 espeak-ng）。</translation>
    </message>
    <message>
        <source>No speech engine is installed (Qt TextToSpeech found none).</source>
        <translation>未安装语音引擎（Qt TextToSpeech 未找到任何引擎）。</translation>
    </message>
    <message>
        <source>No speech engine could be started (tried: %1).</source>
        <translation>语音引擎无法启动（已尝试：%1）。</translation>
    </message>
    <message>
        <source>Speech is not installed on this machine (the speech plugin is missing).</source>
        <translation>本机未安装语音功能（缺少语音插件）。</translation>
    </message>
</context>
<context>
    <name>ow</name>
    <message>
        <source>recorded your authorisation</source>
        <translation>登记了您的委托书</translation>
    </message>
    <message>
        <source>filled in the application for you</source>
        <translation>为您填写并提交了申请</translation>
    </message>
    <message>
        <source>Helper %1: %2</source>
        <translation>帮办员 %1：%2</translation>
    </message>
</context>
<context>
    <name>ow::AuditDesk</name>
    <message>
        <source>Sign in first.</source>
        <translation>请先登录。</translation>
    </message>
    <message>
        <source>Type the dates as year-month-day, for example %1.</source>
        <translation>请按“年-月-日”填写日期，例如 %1。</translation>
    </message>
    <message>
        <source>The first date is after the last one.</source>
        <translation>起始日期晚于截止日期。</translation>
    </message>
    <message>
        <source>%1 entries match; the newest %2 are shown. Narrow the search to see the others.</source>
        <translation>共 %1 条记录符合条件，仅显示最新的 %2 条。请缩小查询范围查看其余记录。</translation>
    </message>
    <message>
        <source>More entries match; the newest %1 are shown. Narrow the search to see the others.</source>
        <translation>符合条件的记录较多，仅显示最新的 %1 条。请缩小查询范围查看其余记录。</translation>
    </message>
    <message numerus="yes">
        <source>This desk&apos;s audit chain is intact: %n entries checked.</source>
        <translation>
            <numerusform>本机审计链完整：已核验 %n 条记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>This desk&apos;s audit chain is broken at entry %1: it was changed, removed or cut off after it was written.</source>
        <translation>本机审计链在第 %1 条记录处断开：该记录写入后被篡改、删除或截断。</translation>
    </message>
    <message numerus="yes">
        <source>The county hub&apos;s audit chain is intact: %n entries checked.</source>
        <translation>
            <numerusform>县级平台审计链完整：已核验 %n 条记录。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies) written in the last moments are not sealed yet.</source>
        <translation>
            <numerusform>刚写入的 %n 条记录尚未封存。</numerusform>
        </translation>
    </message>
    <message>
        <source>the entry has been removed</source>
        <translation>该记录已被删除</translation>
    </message>
    <message>
        <source>the entry was changed after it was written</source>
        <translation>该记录写入后被篡改</translation>
    </message>
    <message>
        <source>the end of the chain does not match</source>
        <translation>审计链末端不一致</translation>
    </message>
    <message>
        <source>The county hub&apos;s audit chain is broken at entry %1: %2.</source>
        <translation>县级平台审计链在第 %1 条记录处断开：%2。</translation>
    </message>
    <message>
        <source>The county hub&apos;s audit chain is broken at entry %1 (%2, %3): %4.</source>
        <translation>县级平台审计链在第 %1 条记录处断开（%2，%3）：%4。</translation>
    </message>
    <message>
        <source>The extract could not be written to %1.</source>
        <translation>审计摘录无法保存到 %1。</translation>
    </message>
    <message>
        <source>Signed extract saved: %1</source>
        <translation>已保存签名审计摘录：%1</translation>
    </message>
    <message>
        <source>This desk is not enrolled with the county hub, so it has no key to sign an extract with.</source>
        <translation>本机尚未在县级平台注册，没有可用于签名审计摘录的密钥。</translation>
    </message>
</context>
<context>
    <name>ow::AuthorisationRepository</name>
    <message>
        <source>Identify the principal first: read the ID card or type the number.</source>
        <translation>请先核验委托人身份：读取身份证或输入身份证号码。</translation>
    </message>
    <message>
        <source>Choose at least one service item the principal entrusts to you.</source>
        <translation>请至少勾选一项委托人委托您代办的事项。</translation>
    </message>
    <message>
        <source>The authorisation must end on or after the day it starts.</source>
        <translation>委托书的截止日期不能早于起始日期。</translation>
    </message>
    <message>
        <source>Take a photo of the signed authorisation or choose its scanned image.</source>
        <translation>请拍摄已签字的委托书，或选择委托书的扫描件。</translation>
    </message>
    <message>
        <source>The principal has to sign on the pad.</source>
        <translation>请委托人在签名板上签字。</translation>
    </message>
    <message>
        <source>The helper&apos;s account has no name; ask the administrator to complete it.</source>
        <translation>帮办员账号没有姓名，请联系系统管理员补全。</translation>
    </message>
    <message>
        <source>No authorisation with this reference is stored on this desk.</source>
        <translation>本机没有该编号的委托书。</translation>
    </message>
    <message>
        <source>The principal&apos;s authorisation expired on %1. Record a new authorisation before acting for them.</source>
        <translation>委托人的委托书已于%1到期。请重新登记委托书后再代办。</translation>
    </message>
    <message>
        <source>The principal&apos;s authorisation is valid only from %1.</source>
        <translation>委托人的委托书自%1起才生效。</translation>
    </message>
    <message>
        <source>The principal&apos;s authorisation does not cover this service item. Only the items written on it may be handled for them.</source>
        <translation>委托人的委托书不包含此事项，只能代办委托书上写明的事项。</translation>
    </message>
    <message>
        <source>This person has not authorised you to act for them. Record their signed authorisation first.</source>
        <translation>此人尚未委托您代办。请先登记其签字的委托书。</translation>
    </message>
    <message>
        <source>This authorisation names another helper.</source>
        <translation>此委托书的受托人是其他帮办员。</translation>
    </message>
    <message>
        <source>This case is not one you handle for a principal.</source>
        <translation>此办件不是您代办的办件。</translation>
    </message>
    <message>
        <source>The result has not been issued yet; it can be delivered once the hall issues it.</source>
        <translation>办理结果尚未出件，出件后才能送达。</translation>
    </message>
</context>
<context>
    <name>ow::CardReaderControl</name>
    <message>
        <source>The ID card reader is not working right now. Please type your ID number on the keypad.</source>
        <translation>身份证读卡器暂时无法使用，请用下方键盘输入身份证号码。</translation>
    </message>
    <message>
        <source>The ID card reader is not working right now. Type the ID number and the name instead.</source>
        <translation>身份证读卡器暂时无法使用，请改为输入身份号码和姓名。</translation>
    </message>
    <message>
        <source>The ID card reader is not connected. You can type your ID number on the keypad, or ask staff for help.</source>
        <translation>身份证读卡器未连接。您可以用键盘输入身份证号码，或请工作人员帮忙。</translation>
    </message>
    <message>
        <source>The ID card reader is not connected. Type the ID number and the name instead, and check the reader&apos;s cable.</source>
        <translation>身份证读卡器未连接。请改为输入身份号码和姓名，并检查读卡器的连接线。</translation>
    </message>
    <message>
        <source>The ID card reader was unplugged. You can type your ID number on the keypad, or ask staff for help.</source>
        <translation>身份证读卡器已断开。您可以用键盘输入身份证号码，或请工作人员帮忙。</translation>
    </message>
    <message>
        <source>The ID card reader was unplugged. Type the ID number and the name instead, and plug the reader back in: it is found again by itself.</source>
        <translation>身份证读卡器已被拔出。请改为输入身份号码和姓名，并重新插好读卡器，系统会自动重新识别。</translation>
    </message>
</context>
<context>
    <name>ow::DeskSession</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Review queue</source>
        <translation>待审批办件</translation>
    </message>
    <message>
        <source>Enter your user name and your password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>The county hub cannot be reached: you are signed in on this desk only. Queues show when they were last refreshed.</source>
        <translation>无法连接县级中心：您仅在本窗口端登录。列表显示最后一次刷新的时间。</translation>
    </message>
    <message numerus="yes">
        <source>You were signed out after %n minute(s) without use. Nothing you saved is lost.</source>
        <translation>
            <numerusform>%n 分钟无操作，已自动退出登录。已保存的内容不会丢失。</numerusform>
        </translation>
    </message>
    <message>
        <source>Accept an application</source>
        <translation>综合受理</translation>
    </message>
    <message>
        <source>Issue results</source>
        <translation>统一出件</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>补齐补正</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Helper board</source>
        <translation>帮办工作台</translation>
    </message>
    <message>
        <source>Hall statistics</source>
        <translation>大厅运行统计</translation>
    </message>
    <message>
        <source>Rating follow-ups</source>
        <translation>差评整改回访</translation>
    </message>
</context>
<context>
    <name>ow::FollowUpDesk</name>
    <message>
        <source>%1 on %2: %3</source>
        <translation>%2 %1：%3</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>上门回访</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话回访</translation>
    </message>
    <message>
        <source>Write what was put right and what the citizen said at the return visit.</source>
        <translation>请填写整改情况和群众回访意见。</translation>
    </message>
    <message>
        <source>Write the day of the return visit as 2026-10-20, today or before.</source>
        <translation>请按 2026-10-20 的格式填写回访日期，不晚于今天。</translation>
    </message>
    <message>
        <source>The outcome may have at most %1 characters and the citizen&apos;s view %2.</source>
        <translation>整改情况最多 %1 个字，回访意见最多 %2 个字。</translation>
    </message>
    <message>
        <source>Follow-up of case %1 recorded.</source>
        <translation>办件 %1 的整改回访已登记。</translation>
    </message>
</context>
<context>
    <name>ow::HallStatistics</name>
    <message>
        <source>This desk has no county hub configured: the hall&apos;s statistics come from the hub.</source>
        <translation>本工作台未配置县级中心，大厅统计数据来自县级中心。</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Cases received</source>
        <translation>受理办件</translation>
    </message>
    <message numerus="yes">
        <source>%n concluded</source>
        <translation>
            <numerusform>已办结 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>On-time rate</source>
        <translation>按时办结率</translation>
    </message>
    <message>
        <source>%1 of %2 with a time limit</source>
        <translation>有时限办件 %2 件，按时 %1 件</translation>
    </message>
    <message>
        <source>Average working days</source>
        <translation>平均办结用时（工作日）</translation>
    </message>
    <message>
        <source>to conclude a case</source>
        <translation>每件办结平均用时</translation>
    </message>
    <message>
        <source>Overdue now</source>
        <translation>当前超期</translation>
    </message>
    <message>
        <source>cases in review</source>
        <translation>审批中的办件</translation>
    </message>
    <message>
        <source>Due within 3 working days</source>
        <translation>3 个工作日内到期</translation>
    </message>
    <message>
        <source>by %1</source>
        <translation>截至 %1</translation>
    </message>
    <message>
        <source>Bad ratings</source>
        <translation>差评</translation>
    </message>
    <message>
        <source>%1 follow-ups open, %2 overdue</source>
        <translation>待回访 %1 件，逾期 %2 件</translation>
    </message>
    <message>
        <source>Self-service kiosk</source>
        <translation>自助终端</translation>
    </message>
    <message>
        <source>Village helper</source>
        <translation>村帮办代办员</translation>
    </message>
    <message>
        <source>Service window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>The statistics could not be saved: the exports folder cannot be created.</source>
        <translation>统计数据未能保存：无法创建导出文件夹。</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>统计期间</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Headline</source>
        <translation>总体指标</translation>
    </message>
    <message>
        <source>By item</source>
        <translation>按事项</translation>
    </message>
    <message>
        <source>By department</source>
        <translation>按部门</translation>
    </message>
    <message>
        <source>By channel</source>
        <translation>按渠道</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>好差评</translation>
    </message>
    <message>
        <source>Overdue case</source>
        <translation>超期办件</translation>
    </message>
    <message numerus="yes">
        <source>due %1, %n working day(s) overdue</source>
        <translation>
            <numerusform>%1 到期，已超期 %n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <source>The statistics could not be saved: %1</source>
        <translation>统计数据未能保存：%1</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存至 %1</translation>
    </message>
</context>
<context>
    <name>ow::HelpCall</name>
    <message>
        <source>Calling the village helper…</source>
        <translation>正在呼叫村帮办员…</translation>
    </message>
    <message>
        <source>A village helper has been called and is coming to you. Please wait here.</source>
        <translation>已呼叫村帮办员，帮办员正在赶来，请在这里稍候。</translation>
    </message>
    <message numerus="yes">
        <source>A village helper is coming to you: called %n minute(s) ago. Please wait here.</source>
        <translation>
            <numerusform>村帮办员正在赶来：您在 %n 分钟前呼叫。请在这里稍候。</numerusform>
        </translation>
    </message>
    <message>
        <source>This kiosk cannot call the helper right now. Please ask at the village service point or the service hall.</source>
        <translation>本机现在无法呼叫帮办员。请到村便民服务点或政务服务大厅咨询。</translation>
    </message>
    <message>
        <source>This kiosk cannot call the helper right now. Please phone the village helper:</source>
        <translation>本机现在无法呼叫帮办员。请拨打村帮办员电话：</translation>
    </message>
</context>
<context>
    <name>ow::HelperDesk</name>
    <message numerus="yes">
        <source>%n working day(s) overdue</source>
        <translation>
            <numerusform>已超期 %n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 working days left · due %3</source>
        <translation>剩余 %1/%2 个工作日 · %3 到期</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Identifying</source>
        <translation>身份核验</translation>
    </message>
    <message>
        <source>Filling in a form</source>
        <translation>填写表单</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>Progress lookup</source>
        <translation>办件查询</translation>
    </message>
    <message>
        <source>Start screen</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>This desk is not connected to the county hub: help requests cannot be shown.</source>
        <translation>本机未连接县级平台，无法显示呼叫帮办请求。</translation>
    </message>
    <message numerus="yes">
        <source>waiting %n minute(s)</source>
        <translation>
            <numerusform>已等候 %n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>waiting %n hour(s)</source>
        <translation>
            <numerusform>已等候 %n 小时</numerusform>
        </translation>
    </message>
    <message>
        <source>No kiosk is calling for a helper.</source>
        <translation>目前没有自助终端呼叫帮办员。</translation>
    </message>
    <message>
        <source>The help request of %1 is closed.</source>
        <translation>%1 的呼叫帮办请求已关闭。</translation>
    </message>
    <message>
        <source>Enter the principal&apos;s name as on the ID card.</source>
        <translation>请按身份证填写委托人姓名。</translation>
    </message>
    <message>
        <source>This file cannot be read. Choose the photo or the scan of the signed authorisation.</source>
        <translation>无法读取此文件。请选择已签字委托书的照片或扫描件。</translation>
    </message>
    <message>
        <source>The picture is larger than 10 MB. Scan it again at a lower resolution.</source>
        <translation>图片超过10 MB，请降低分辨率重新扫描。</translation>
    </message>
    <message>
        <source>This file is not a photo (PNG or JPEG) of the signed authorisation.</source>
        <translation>此文件不是委托书的照片（PNG或JPEG）。</translation>
    </message>
    <message>
        <source>Identify the principal first: read the ID card or type the number.</source>
        <translation>请先核验委托人身份：读取身份证或输入身份证号码。</translation>
    </message>
    <message>
        <source>Your own ID number (as the agent) is not valid: please check it.</source>
        <translation>您（受托人）的身份证号码无效，请核对。</translation>
    </message>
    <message>
        <source>Your mobile number has 11 digits and starts with 1.</source>
        <translation>手机号码为以1开头的11位数字。</translation>
    </message>
    <message>
        <source>Write the validity dates as 2026-03-01.</source>
        <translation>有效期请按 2026-03-01 的格式填写。</translation>
    </message>
    <message>
        <source>Authorisation %1 · %2 to %3 · %4</source>
        <translation>委托书 %1 · %2 至 %3 · %4</translation>
    </message>
    <message>
        <source>Authorisation recorded: %1.</source>
        <translation>委托书已登记：%1。</translation>
    </message>
    <message>
        <source>Identify the principal and choose the service item first.</source>
        <translation>请先核验委托人身份并选择办理事项。</translation>
    </message>
    <message numerus="yes">
        <source>The form is not complete: %n answer(s) are missing or wrong (marked in red).</source>
        <translation>
            <numerusform>申请表尚未填写完整：有 %n 项缺填或有误（已标红）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Submitted for the principal: case %1. The receipt was not written: %2</source>
        <translation>已为委托人提交：办件 %1。回执未能生成：%2</translation>
    </message>
    <message>
        <source>Submitted for the principal: case %1.</source>
        <translation>已为委托人提交：办件 %1。</translation>
    </message>
    <message>
        <source>The case cannot be read back.</source>
        <translation>无法读取该办件。</translation>
    </message>
    <message>
        <source>Village helper service (帮办代办)</source>
        <translation>村级帮办代办服务</translation>
    </message>
    <message>
        <source>%1 (ID %2, phone %3)</source>
        <translation>%1（身份证 %2，电话 %3）</translation>
    </message>
    <message>
        <source>Your village helper %1 submitted this application for you under your authorisation %2 (valid %3 to %4) and will bring the result to you. You can ask about its progress at any village kiosk with this receipt.</source>
        <translation>帮办员%1已根据您的委托书 %2（有效期 %3 至 %4）为您提交本申请，并将把办理结果送达给您。凭本回执可在任一村级自助终端查询办理进度。</translation>
    </message>
    <message>
        <source>The folder for receipts cannot be created.</source>
        <translation>无法创建回执文件夹。</translation>
    </message>
    <message>
        <source>%1 recorded for case %2.</source>
        <translation>办件 %2 已登记“%1”。</translation>
    </message>
</context>
<context>
    <name>ow::IdentityEntry</name>
    <message>
        <source>The birth date in this ID number is not possible. Please check the number again.</source>
        <translation>身份证号码中的出生日期不对，请再核对一下。</translation>
    </message>
    <message>
        <source>The ID number&apos;s check digit does not match. Please check the number again.</source>
        <translation>身份证号码校验不对，请再核对一下。</translation>
    </message>
</context>
<context>
    <name>ow::ItemChooser</name>
    <message>
        <source>Allowances and benefits</source>
        <translation>补贴给付</translation>
    </message>
    <message>
        <source>Licences and registration</source>
        <translation>许可登记</translation>
    </message>
    <message>
        <source>Certificates and confirmation</source>
        <translation>证明确认</translation>
    </message>
    <message>
        <source>Public services</source>
        <translation>公共服务</translation>
    </message>
    <message>
        <source>Other services</source>
        <translation>其他事项</translation>
    </message>
</context>
<context>
    <name>ow::ItemGuide</name>
    <message>
        <source>an e-licence can replace it</source>
        <translation>可用电子证照代替</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Free of charge</source>
        <translation>不收费</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>A fee is charged; the window will tell you how much.</source>
        <translation>收费，具体金额请咨询窗口。</translation>
    </message>
    <message>
        <source>Done on the spot</source>
        <translation>当场办结</translation>
    </message>
    <message numerus="yes">
        <source>Within %n working day(s)</source>
        <translation>
            <numerusform>%n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <source>No visit to the hall needed</source>
        <translation>不用跑大厅</translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) to the hall</source>
        <translation>
            <numerusform>到大厅 %n 次</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n 个工作日</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photocopy(ies)</source>
        <translation>
            <numerusform>复印件 %n 份</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n original(s)</source>
        <translation>
            <numerusform>原件 %n 份</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ow::KioskSession</name>
    <message>
        <source>This kiosk cannot save applications right now.</source>
        <translation>本终端暂时无法保存申请。</translation>
    </message>
    <message>
        <source>Your application could not be saved on this kiosk: %1 Your answers are still here; please ask staff for help or try again.</source>
        <translation>本终端未能保存您的申请：%1 您填写的内容仍然保留，请联系工作人员或稍后再试。</translation>
    </message>
    <message>
        <source>This kiosk is still getting ready to save applications. Please wait a moment and tap again; your answers are kept.</source>
        <translation>本终端正在准备保存申请，请稍候再点一次；您填写的内容仍然保留。</translation>
    </message>
    <message>
        <source>This kiosk cannot issue pickup codes yet. Please ask staff for help.</source>
        <translation>本机暂时无法出具取件码，请联系工作人员。</translation>
    </message>
    <message>
        <source>Your application could not be saved for the service window: %1 Your answers are still here.</source>
        <translation>未能为窗口办理暂存您的申请：%1 您填写的内容仍保留在这里。</translation>
    </message>
    <message>
        <source>Picture taken</source>
        <translation>已拍照</translation>
    </message>
</context>
<context>
    <name>ow::KioskSync</name>
    <message>
        <source>No county hub is configured: applications are kept on this kiosk.</source>
        <translation>未配置县级平台：申请保存在本机。</translation>
    </message>
</context>
<context>
    <name>ow::MaintenanceController</name>
    <message>
        <source>Sorry, this kiosk&apos;s storage is almost full, so your application cannot be saved right now. Your answers are still here. Please ask staff for help, or apply at the service hall.</source>
        <translation>抱歉，本机存储空间快满了，暂时无法保存您的申请。您填写的信息都还在。请找工作人员帮忙，或到政务服务大厅办理。</translation>
    </message>
    <message>
        <source>Maintenance cannot be opened: this kiosk&apos;s store is not available.</source>
        <translation>无法进入维护：本机的数据存储不可用。</translation>
    </message>
    <message>
        <source>Hub connection</source>
        <translation>与县级中心的连接</translation>
    </message>
    <message>
        <source>Online, sending</source>
        <translation>在线，正在发送</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Last contact with the hub</source>
        <translation>最近一次连上县级中心</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Last sync problem</source>
        <translation>最近一次同步问题</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Not enrolled with a hub</source>
        <translation>未登记到县级中心</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>等待发送</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message numerus="yes">
        <source>%n packet(s) and attachment(s)</source>
        <translation>
            <numerusform>%n 个数据包和附件</numerusform>
        </translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>No printer found</source>
        <translation>未发现打印机</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>No camera found</source>
        <translation>未发现摄像头</translation>
    </message>
    <message>
        <source>ID card reader</source>
        <translation>身份证读卡器</translation>
    </message>
    <message>
        <source>Not configured</source>
        <translation>未配置</translation>
    </message>
    <message>
        <source>Ready (%1)</source>
        <translation>就绪（%1）</translation>
    </message>
    <message>
        <source>Not found or not readable: %1</source>
        <translation>未找到或无法读取：%1</translation>
    </message>
    <message>
        <source>Free disk space</source>
        <translation>磁盘可用空间</translation>
    </message>
    <message>
        <source>%1 free of %2</source>
        <translation>可用 %1，共 %2</translation>
    </message>
    <message>
        <source>(below %1 MB: applications are refused)</source>
        <translation>（低于 %1 MB：不再受理申请）</translation>
    </message>
    <message>
        <source>Crypto self-test at start</source>
        <translation>启动时的密码自检</translation>
    </message>
    <message>
        <source>Not run</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>Passed (%1)</source>
        <translation>通过（%1）</translation>
    </message>
    <message>
        <source>Failed (%1)</source>
        <translation>未通过（%1）</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>终端编号</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>%1 (%2 free)</source>
        <translation>%1（可用 %2）</translation>
    </message>
    <message>
        <source>This kiosk is not enrolled with a hub: there is nothing to sync with.</source>
        <translation>本机未登记到县级中心，无法同步。</translation>
    </message>
    <message>
        <source>Sync started.</source>
        <translation>已开始同步。</translation>
    </message>
    <message>
        <source>Nothing can be exported: this kiosk&apos;s store is not available.</source>
        <translation>无法导出：本机的数据存储不可用。</translation>
    </message>
    <message>
        <source>Cannot write to %1. Is the USB drive still there and not write-protected?</source>
        <translation>无法写入 %1。请检查 U 盘是否仍插着、是否处于写保护状态。</translation>
    </message>
    <message>
        <source>Wrote %1 packet(s) and %2 attachment(s) to %3 (%4 already there).</source>
        <translation>已将 %1 个数据包和 %2 个附件写入 %3（%4 个已在其中）。</translation>
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
        <translation>文件过大：最大 %1 MB。</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <source>The file is not a picture or a PDF.</source>
        <translation>该文件不是图片或 PDF。</translation>
    </message>
</context>
<context>
    <name>ow::MaterialsStep</name>
    <message>
        <source>The picture of “%1” is too large. Please take it again.</source>
        <translation>“%1”的照片太大，请重新拍摄。</translation>
    </message>
    <message>
        <source>The picture could not be taken. Please try again.</source>
        <translation>未能拍照，请再试一次。</translation>
    </message>
    <message>
        <source>The camera is not working right now. The pictures already taken are kept; please try again or ask staff for help.</source>
        <translation>摄像头暂时无法使用。已拍的照片仍然保留，请再试一次或请工作人员帮忙。</translation>
    </message>
    <message>
        <source>What was taken for “%1” is not a picture. Please take it again.</source>
        <translation>“%1”拍到的不是图片，请重新拍摄。</translation>
    </message>
    <message>
        <source>This code is not an electronic licence. Please scan the e-licence code.</source>
        <translation>这不是电子证照码，请扫描电子证照上的二维码。</translation>
    </message>
    <message>
        <source>This electronic licence cannot be accepted.</source>
        <translation>此电子证照无法使用。</translation>
    </message>
    <message>
        <source>This electronic licence belongs to someone else. Please scan your own.</source>
        <translation>此电子证照不是您本人的，请扫描您自己的电子证照。</translation>
    </message>
    <message>
        <source>This electronic licence is not one of the materials this service needs.</source>
        <translation>此电子证照不是本事项需要的材料。</translation>
    </message>
    <message>
        <source>“%1” is still needed. Please take a picture of it, or scan its e-licence code.</source>
        <translation>还需要提供“%1”。请拍照，或扫描其电子证照码。</translation>
    </message>
    <message>
        <source>“%1” cannot be given at this kiosk. Please ask staff for help.</source>
        <translation>“%1”无法在本终端提交，请向工作人员求助。</translation>
    </message>
</context>
<context>
    <name>ow::ProgressLookup</name>
    <message>
        <source>This is not a OneWindow receipt code. Please show the code printed on your receipt.</source>
        <translation>这不是一窗通的回执码。请出示回执上打印的二维码。</translation>
    </message>
    <message>
        <source>This kiosk cannot ask the county hub right now. Please ask at the service window, or try another kiosk.</source>
        <translation>本机暂时无法连接县级平台查询。请到服务窗口咨询，或换一台自助终端。</translation>
    </message>
    <message>
        <source>A kiosk or service window</source>
        <translation>自助终端或服务窗口</translation>
    </message>
    <message>
        <source>The hub&apos;s administrator</source>
        <translation>平台管理员</translation>
    </message>
    <message>
        <source>opened the application to review it</source>
        <translation>打开申请进行审查</translation>
    </message>
    <message>
        <source>recorded a decision</source>
        <translation>作出办理决定</translation>
    </message>
    <message>
        <source>looked up its progress</source>
        <translation>查询了办理进度</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>who (department)</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>This receipt is genuine: application %1 was received by OneWindow. Its progress will show here once this kiosk can reach the county hub; please try again later.</source>
        <translation>此回执真实有效：一窗通已受理申请 %1。本终端连上县级平台后即可在这里查看办理进度，请稍后再试。</translation>
    </message>
    <message>
        <source>handed the result over</source>
        <translation>交付了办理结果</translation>
    </message>
    <message>
        <source>yyyy-MM-dd</source>
        <comment>the expected end&apos;s date format</comment>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <source>%1 · clock paused</source>
        <comment>a step whose clock is paused</comment>
        <translation>%1 · 时限暂停</translation>
    </message>
    <message>
        <source>Expected to end on %1</source>
        <translation>预计%1结束</translation>
    </message>
    <message>
        <source>Special procedure (%1) · clock paused</source>
        <translation>特别程序（%1）· 时限暂停</translation>
    </message>
</context>
<context>
    <name>ow::RaterScreen</name>
    <message>
        <source>Overall satisfaction</source>
        <translation>整体满意度</translation>
    </message>
    <message>
        <source>Efficiency</source>
        <translation>服务效率</translation>
    </message>
    <message>
        <source>Professional skill</source>
        <translation>服务水平</translation>
    </message>
    <message>
        <source>Attitude</source>
        <translation>服务态度</translation>
    </message>
    <message>
        <source>There is no case to rate.</source>
        <translation>没有可评价的办件。</translation>
    </message>
    <message>
        <source>Case %1 has been rated already. Each application is rated once.</source>
        <translation>办件 %1 已评价，每件办件只评价一次。</translation>
    </message>
    <message>
        <source>The rating screen asks the citizen to rate case %1.</source>
        <translation>评价器正在请群众对办件 %1 进行评价。</translation>
    </message>
    <message>
        <source>Case %1 is ready to be rated; no rating screen is connected to this desk.</source>
        <translation>办件 %1 可以评价，但本窗口未连接评价器。</translation>
    </message>
    <message>
        <source>Please choose how satisfied you are and rate each of the four aspects.</source>
        <translation>请选择满意程度，并对四个方面分别评分。</translation>
    </message>
    <message>
        <source>Your rating could not be saved. Please tell the clerk.</source>
        <translation>您的评价未能保存，请告知窗口工作人员。</translation>
    </message>
    <message>
        <source>Case %1 rated: %2.</source>
        <translation>办件 %1 已评价：%2。</translation>
    </message>
</context>
<context>
    <name>ow::RatingStep</name>
    <message>
        <source>This application has already been rated. Thank you.</source>
        <translation>这件申请已经评价过了，谢谢您。</translation>
    </message>
    <message>
        <source>This is not a OneWindow receipt code. Please show the code printed on your receipt.</source>
        <translation>这不是一窗通的回执码。请出示回执上打印的二维码。</translation>
    </message>
    <message>
        <source>This application was not made at this kiosk. Rating it here needs the county hub, which this kiosk cannot ask yet. Please rate it at the service window or at the kiosk where you applied.</source>
        <translation>这件申请不是在本机办理的。在这里评价需要连接县级平台，本机暂时还不能这样做。请到服务窗口，或到您办理申请的那台自助终端评价。</translation>
    </message>
    <message>
        <source>This receipt code cannot be read.</source>
        <translation>无法识别这个回执码。</translation>
    </message>
    <message>
        <source>This kiosk cannot save ratings right now. Please ask at the service window.</source>
        <translation>本机现在无法保存评价，请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Your rating could not be saved: %1</source>
        <translation>您的评价没有保存成功：%1</translation>
    </message>
</context>
<context>
    <name>ow::ReviewDesk</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
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
        <translation>已签名</translation>
    </message>
    <message>
        <source>Other answers</source>
        <translation>其他填写内容</translation>
    </message>
    <message>
        <source>Give the reason for the denial: the citizen reads it.</source>
        <translation>请填写不予许可的理由：申请人会看到。</translation>
    </message>
    <message>
        <source>List everything that is missing, in one request: tick the materials or write what else is needed.</source>
        <translation>请一次性列出所有需补正的内容：勾选材料，或写明其他所需内容。</translation>
    </message>
    <message>
        <source>The opinion is too long: at most %1 characters.</source>
        <translation>审批意见过长：最多 %1 个字。</translation>
    </message>
    <message>
        <source>Approved: the citizen will be told.</source>
        <translation>已准予，将通知申请人。</translation>
    </message>
    <message>
        <source>Denied: the citizen will be told with your reason.</source>
        <translation>已不予许可，将连同理由通知申请人。</translation>
    </message>
    <message>
        <source>Correction requested: the clocks stand still until the citizen brings what is missing.</source>
        <translation>已发出补正告知：申请人补齐前，办理时限暂停。</translation>
    </message>
    <message>
        <source>Your decision on this case waits to be sent to the county hub.</source>
        <translation>您对该办件的审批决定正等待发送至县级平台。</translation>
    </message>
    <message>
        <source>The county hub cannot be reached: your decision waits on this desk and is sent as soon as the hub answers.</source>
        <translation>县级平台暂时无法连接：您的审批决定已保存在本机，平台恢复后立即发送。</translation>
    </message>
    <message>
        <source>Your decision on case %1 reached the county hub.</source>
        <translation>您对办件 %1 的审批决定已送达县级平台。</translation>
    </message>
    <message>
        <source>the case changed on the county hub while your decision waited (a corrected application came in)</source>
        <translation>在您的决定等待发送期间，该办件在县级平台上已有变化（收到了补正后的申请）</translation>
    </message>
    <message>
        <source>it had been decided on the county hub meanwhile</source>
        <translation>在此期间该办件已在县级平台上作出决定</translation>
    </message>
    <message>
        <source>Your decision on case %1 was not taken: %2. Open the case again and decide on what it holds now; what you wrote is kept.</source>
        <translation>您对办件 %1 的审批决定未被接受：%2。请重新打开该办件，按其现有内容作出决定；您填写的内容已保留。</translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) you took before you signed out wait to be sent to the county hub: they go as soon as it answers.</source>
        <translation>
            <numerusform>您退出登录前作出的 %n 项决定尚待发送至县级中心：中心一有应答即发送。</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose the kind of special procedure.</source>
        <translation>请选择特别程序种类。</translation>
    </message>
    <message>
        <source>Give the reason for the special procedure.</source>
        <translation>请填写启动特别程序的原因。</translation>
    </message>
    <message>
        <source>The reason is too long: at most %1 characters.</source>
        <translation>原因过长：最多 %1 字。</translation>
    </message>
    <message>
        <source>Write a short note on the outcome of the special procedure.</source>
        <translation>请简要填写特别程序的结果。</translation>
    </message>
    <message>
        <source>The note is too long: at most %1 characters.</source>
        <translation>说明过长：最多 %1 字。</translation>
    </message>
    <message>
        <source>This case is in a special procedure: end it before you decide.</source>
        <translation>该办件正在特别程序中：请先结束特别程序再作决定。</translation>
    </message>
    <message>
        <source>This case is not in a special procedure.</source>
        <translation>该办件不在特别程序中。</translation>
    </message>
    <message>
        <source>Special procedure started: the clocks stand still until you end it (expected %1).</source>
        <translation>已启动特别程序：结束前办理时限暂停计算（预计 %1 结束）。</translation>
    </message>
    <message>
        <source>Special procedure ended: the case is back in review and its clocks run again.</source>
        <translation>已结束特别程序：办件回到审查，办理时限恢复计算。</translation>
    </message>
    <message>
        <source>Special procedure: %1</source>
        <translation>特别程序：%1</translation>
    </message>
    <message>
        <source>Special procedure ended</source>
        <translation>结束特别程序</translation>
    </message>
    <message>
        <source>Your decision on case %1 was not taken: it had been decided on the county hub meanwhile (%2).</source>
        <translation>您对办件 %1 的审批决定未被接受：该办件已在县级平台上作出决定（%2）。</translation>
    </message>
</context>
<context>
    <name>ow::ReviewQueueModel</name>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message numerus="yes">
        <source>overdue by %n working day(s)</source>
        <translation>
            <numerusform>已超期 %n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <source>due today</source>
        <translation>今日到期</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s) left</source>
        <translation>
            <numerusform>剩余 %n 个工作日</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · expected to end %2 · %3</source>
        <translation>%1 · 预计 %2 结束 · %3</translation>
    </message>
</context>
<context>
    <name>ow::Voice</name>
    <message>
        <source>Welcome. Tap what you would like to do, or call a helper.</source>
        <translation>欢迎使用。请点选您要办理的事情，也可以呼叫帮办员。</translation>
    </message>
    <message>
        <source>Which service do you need? Search by its name or choose it from the list.</source>
        <translation>您要办理什么事项？可以按名称搜索，也可以在列表中选择。</translation>
    </message>
    <message>
        <source>Here is what this service asks for. When you are ready, tap Start.</source>
        <translation>这是办理本事项的条件和材料。准备好了，请点“开始办理”。</translation>
    </message>
    <message>
        <source>This is not available at the kiosk yet. Please ask at the service window.</source>
        <translation>自助机暂时还不能办理这项业务，请到服务窗口咨询。</translation>
    </message>
    <message>
        <source>Please place your ID card on the reader, or type your ID number.</source>
        <translation>请在读卡器上放身份证，或输入身份证号码。</translation>
    </message>
    <message>
        <source>Please answer the questions on the screen, then tap Next.</source>
        <translation>请回答屏幕上的问题，然后点“下一步”。</translation>
    </message>
    <message>
        <source>Please show each material to the camera, or show its electronic licence code.</source>
        <translation>请把每份材料放到摄像头下拍照，或出示电子证照码。</translation>
    </message>
    <message>
        <source>Please check your answers. If something is wrong, go back and correct it.</source>
        <translation>请核对您填写的内容，如有错误可以返回修改。</translation>
    </message>
    <message>
        <source>Please read what is collected and why. To send your application, tap Agree and submit.</source>
        <translation>请阅读收集哪些信息及其用途。要提交申请，请点“同意并提交”。</translation>
    </message>
    <message>
        <source>Your application is submitted. Please take your receipt.</source>
        <translation>您的申请已提交，请取走回执。</translation>
    </message>
    <message>
        <source>Please hold the code on your receipt under the scanner.</source>
        <translation>请把回执上的二维码放到扫码器下。</translation>
    </message>
    <message>
        <source>Your answers are saved. Please take this code to the service window.</source>
        <translation>您填写的内容已保存，请带着这个取件码到服务窗口继续办理。</translation>
    </message>
    <message>
        <source>How satisfied are you with this service? Please tap one of the buttons.</source>
        <translation>您对本次服务满意吗？请点选其中一项。</translation>
    </message>
    <message>
        <source>Silent: this kiosk has no speech output.</source>
        <translation>静音运行：本机没有语音输出。</translation>
    </message>
    <message>
        <source>Silent: %1</source>
        <translation>静音运行：%1</translation>
    </message>
    <message>
        <source>Ready (%1)</source>
        <translation>就绪（%1）</translation>
    </message>
    <message>
        <source>This is the kiosk&apos;s voice at the volume now set.</source>
        <translation>这是本机在当前音量下的语音。</translation>
    </message>
    <message>
        <source>Some answers on this page need your attention: they are marked in red.</source>
        <translation>本页有的内容需要您补充或修改，已用红色标出。</translation>
    </message>
</context>
<context>
    <name>ow::WindowDesk</name>
    <message>
        <source>Enter the applicant&apos;s name as on the ID card.</source>
        <translation>请输入申请人姓名（与身份证一致）。</translation>
    </message>
    <message>
        <source>The ID number&apos;s last character does not match: please check the number.</source>
        <translation>身份号码校验位不符，请核对号码。</translation>
    </message>
    <message>
        <source>The ID number does not hold a real date of birth: please check the number.</source>
        <translation>身份号码中的出生日期无效，请核对号码。</translation>
    </message>
    <message>
        <source>A resident ID number has 18 characters: 17 digits and a digit or X.</source>
        <translation>公民身份号码为 18 位：17 位数字加 1 位数字或 X。</translation>
    </message>
    <message>
        <source>This desk cannot save applications: its store is not open.</source>
        <translation>本窗口端无法保存申请：数据库未打开。</translation>
    </message>
    <message>
        <source>Identify the applicant first: type the ID number and the name.</source>
        <translation>请先核验申请人身份：输入身份号码和姓名。</translation>
    </message>
    <message>
        <source>Choose the service item first.</source>
        <translation>请先选择服务事项。</translation>
    </message>
    <message numerus="yes">
        <source>The form is not complete: %n answer(s) are missing or wrong (marked in red).</source>
        <translation>
            <numerusform>申请表尚未填写完整：有 %n 项缺填或有误（已标红）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Accepted with materials to follow (容缺受理): case %1.</source>
        <translation>已容缺受理：办件 %1。</translation>
    </message>
    <message>
        <source>Accepted on the applicant&apos;s pledge: case %1.</source>
        <translation>已按告知承诺受理：办件 %1。</translation>
    </message>
    <message>
        <source>Accepted: case %1.</source>
        <translation>已受理：办件 %1。</translation>
    </message>
    <message>
        <source>Give the reason for not accepting: it is written on the refusal notice.</source>
        <translation>请填写不予受理的理由：将写入不予受理通知书。</translation>
    </message>
    <message>
        <source>Not accepted (不予受理): case %1, with your reason.</source>
        <translation>已不予受理：办件 %1，已记录理由。</translation>
    </message>
    <message>
        <source>missing, accepted (容缺)</source>
        <translation>容缺</translation>
    </message>
    <message>
        <source>The folder for notices cannot be created.</source>
        <translation>无法创建通知书文件夹。</translation>
    </message>
    <message>
        <source>Case %1 issued: %2. The county hub is told as soon as it can be reached.</source>
        <translation>办件 %1 已出件：%2。县级平台可连接时即同步。</translation>
    </message>
    <message>
        <source>This desk is not connected to the county hub, so it cannot fetch applications saved at kiosks. Please fill the application in here.</source>
        <translation>本窗口未连接县级平台，无法获取自助终端保存的申请。请在窗口填写申请。</translation>
    </message>
    <message>
        <source>This is not a pickup code. Type the 8 letters and digits under the QR code of the pickup slip (for example ABCD-EFGH), or scan the QR code.</source>
        <translation>这不是取件码。请输入取件单二维码下方的 8 位字母和数字（例如 ABCD-EFGH），或扫描二维码。</translation>
    </message>
    <message>
        <source>Fetching the application saved at the kiosk…</source>
        <translation>正在获取自助终端保存的申请…</translation>
    </message>
    <message>
        <source>The application %1 is for a service item this desk does not have. Please ask the administrator to update the catalog.</source>
        <translation>申请 %1 所办事项不在本窗口的事项目录中。请联系系统管理员更新目录。</translation>
    </message>
    <message numerus="yes">
        <source>Application %1 from the kiosk is open, with %n picture(s) attached as scans. Check the answers and each material with the citizen, then accept.</source>
        <translation>
            <numerusform>已打开自助终端申请 %1，%n 张照片已作为扫描件附上。请与群众核对填写内容和各项材料后受理。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Application %1 from the kiosk is open, with %n picture(s) attached as scans. Identify the applicant, check the answers and each material, then accept.</source>
        <translation>
            <numerusform>已打开自助终端申请 %1，%n 张照片已作为扫描件附上。请核验申请人身份，核对填写内容和各项材料后受理。</numerusform>
        </translation>
    </message>
    <message>
        <source>Clocks paused since %1</source>
        <translation>时限自 %1 起暂停计算</translation>
    </message>
    <message>
        <source>Clocks paused since %1 · %2 of %3 working days left</source>
        <translation>时限自 %1 起暂停计算 · 剩余 %2 个工作日（共 %3 个）</translation>
    </message>
    <message>
        <source>Other material asked for</source>
        <translation>其他需补正的材料</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>Choose the case first.</source>
        <translation>请先选择办件。</translation>
    </message>
    <message>
        <source>Choose the material the file is for.</source>
        <translation>请选择该文件对应的材料。</translation>
    </message>
    <message>
        <source>Type the path of the scan, or scan it with the document camera.</source>
        <translation>请输入扫描件路径，或用高拍仪扫描。</translation>
    </message>
    <message>
        <source>The file is too large: at most %1 MB.</source>
        <translation>文件过大：最大 %1 MB。</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <source>The file is not a picture or a PDF.</source>
        <translation>该文件不是图片或 PDF。</translation>
    </message>
    <message>
        <source>This desk is not enrolled with the county hub: corrections cannot be sent back to the reviewer from here.</source>
        <translation>本窗口尚未在县级平台登记，无法从这里把补正材料送回审批人员。</translation>
    </message>
    <message numerus="yes">
        <source>Case %1 goes back to the reviewer with %n material(s). The county hub gets it as soon as it can be reached.</source>
        <translation>
            <numerusform>办件 %1 已补交 %n 份材料，退回审批人员审查。县级平台可连接时即送达。</numerusform>
        </translation>
    </message>
    <message>
        <source>Another applicant is on screen. Choose “Next citizen” (Ctrl+N) first, then read the card again.</source>
        <translation>当前已有申请人信息。请先选择“下一位”（Ctrl+N），再重新读卡。</translation>
    </message>
    <message>
        <source>Read from the ID card. Check that the card is the applicant&apos;s, then choose the service item.</source>
        <translation>已从身份证读取。请核对身份证为申请人本人所有，然后选择办理事项。</translation>
    </message>
    <message>
        <source>Case %1 is not on this desk.</source>
        <translation>本窗口没有办件 %1。</translation>
    </message>
    <message>
        <source>Case %1 was not accepted at a window: it has no acceptance notice.</source>
        <translation>办件 %1 不是在窗口受理的，没有受理通知书。</translation>
    </message>
    <message>
        <source>Type the case number whose papers are to be printed again.</source>
        <translation>请输入需要重新打印受理材料的办件编号。</translation>
    </message>
    <message>
        <source>The papers of case %1 were not printed: %2</source>
        <translation>办件 %1 的单据未能打印：%2</translation>
    </message>
    <message>
        <source>Printed again: the acceptance notice and the materials receipt of case %1.</source>
        <translation>已重新打印办件 %1 的受理通知书和材料接收凭证。</translation>
    </message>
    <message>
        <source>No printer is set up: the acceptance notice and the materials receipt of case %1 were saved as PDF files.</source>
        <translation>未设置打印机：办件 %1 的受理通知书和材料接收凭证已保存为 PDF 文件。</translation>
    </message>
    <message>
        <source>The scanned ID number is not valid: please check the citizen&apos;s ID card.</source>
        <translation>扫描到的身份证号码无效，请核对申请人的身份证。</translation>
    </message>
    <message>
        <source>This code is neither a resident ID number nor a kiosk&apos;s pickup code.</source>
        <translation>此码不是居民身份证号码，也不是自助终端的取件码。</translation>
    </message>
    <message>
        <source>Another applicant is on screen. Choose “Next citizen” (Ctrl+N) first, then scan the code again.</source>
        <translation>屏幕上已有另一位申请人。请先选择“下一位”（Ctrl+N），再重新扫码。</translation>
    </message>
    <message>
        <source>ID number read from the code. Enter the applicant&apos;s name as on the ID card.</source>
        <translation>已从扫码读取身份证号码。请按身份证输入申请人姓名。</translation>
    </message>
    <message>
        <source>Not accepted (不予受理): case %1. The refusal notice was not printed: %2</source>
        <translation>不予受理：办件 %1。不予受理通知书未能打印：%2</translation>
    </message>
    <message>
        <source>Printed again: the refusal notice of case %1.</source>
        <translation>已重新打印办件 %1 的不予受理通知书。</translation>
    </message>
    <message>
        <source>No printer is set up: the refusal notice of case %1 was saved as a PDF file.</source>
        <translation>未设置打印机：办件 %1 的不予受理通知书已保存为PDF文件。</translation>
    </message>
    <message>
        <source>Accepted: case %1. The acceptance notice and the materials receipt were not printed: %2</source>
        <translation>已受理：办件 %1。受理通知书和材料接收凭证未能打印：%2</translation>
    </message>
    <message>
        <source>the printer is not ready (out of paper, a paper jam or an open cover). Check the printer, then choose “Print again”.</source>
        <translation>打印机未就绪（缺纸、卡纸或机盖未关好）。请检查打印机，然后选择“重新打印”。</translation>
    </message>
    <message>
        <source>the printer is not connected or not set up. Check its cable and power and the printer named for this desk (--printer), then choose “Print again”.</source>
        <translation>打印机未连接或未设置。请检查打印机的连线、电源和本窗口设置的打印机（--printer），然后选择“重新打印”。</translation>
    </message>
    <message>
        <source>Special procedure (特别程序)</source>
        <translation>特别程序</translation>
    </message>
    <message>
        <source>Special procedure (%1) · expected to end on %2</source>
        <translation>特别程序（%1）· 预计 %2 结束</translation>
    </message>
</context>
</TS>
