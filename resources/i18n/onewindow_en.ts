<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>BoardWindow</name>
    <message>
        <location filename="../../board/window.py" line="43"/>
        <source>正在叫号</source>
        <translation>Calling</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="44"/>
        <source>正在办理</source>
        <translation>Serving</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="45"/>
        <source>等候叫号</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="46"/>
        <source>暂停服务</source>
        <translation>Paused</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="47"/>
        <source>暂未开放</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="111"/>
        <source>叫号屏 · 一窗通</source>
        <extracomment>Rows of tiles that fit at full size; more rows shrink the tiles&apos; text.</extracomment>
        <translation>Call board · OneWindow</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="210"/>
        <source>最近叫号</source>
        <translation>Recent calls</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="228"/>
        <source>等候人数</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="245"/>
        <source>政务服务中心</source>
        <translation>Government Service Centre</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="260"/>
        <source>正在载入窗口…</source>
        <translation>Loading windows…</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="279"/>
        <source>欢迎光临，请留意叫号</source>
        <translation>Welcome, please watch for your number</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="286"/>
        <source>请</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="290"/>
        <source>号到{window}号窗口办理</source>
        <translation>, please go to window {window}</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="306"/>
        <source>暂无叫号</source>
        <translation>No calls yet</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="321"/>
        <source>{window}号窗口</source>
        <translation>Window {window}</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="335"/>
        <source>等候人数（共{count}人）</source>
        <translation>Waiting ({count} in all)</translation>
    </message>
    <message>
        <location filename="../../board/window.py" line="350"/>
        <source>{count}人</source>
        <translation>{count}</translation>
    </message>
</context>
<context>
    <name>CheckInScreen</name>
    <message>
        <location filename="../../kiosk/screens/appointment_check_in.py" line="46"/>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/appointment_check_in.py" line="48"/>
        <source>已在网上或电话预约的，在这里签到取号，按预约时段优先叫号。</source>
        <translation>Booked online or by phone? Check in here for your ticket; you are called by your appointment time.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/appointment_check_in.py" line="51"/>
        <source>预约码（8位数字）</source>
        <translation>Appointment code (8 digits)</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/appointment_check_in.py" line="53"/>
        <source>把预约短信里的二维码或条码对准扫码口，或用下面的按键输入8位预约码。</source>
        <translation>Hold the QR code or bar code of your booking message to the reader, or type the 8-digit code on the keys below.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/appointment_check_in.py" line="63"/>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/appointment_check_in.py" line="74"/>
        <location filename="../../kiosk/screens/appointment_check_in.py" line="99"/>
        <source>签到</source>
        <translation>Check in</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/appointment_check_in.py" line="85"/>
        <source>预约签到。请扫描预约短信上的二维码，或输入8位预约码，然后按“签到”。</source>
        <translation>Appointment check-in. Scan the QR code of your booking message, or type the 8-digit code, then press Check in.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/appointment_check_in.py" line="99"/>
        <source>正在签到……</source>
        <translation>Checking in…</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/appointment_check_in.py" line="100"/>
        <source>暂时连不上服务器，无法签到，请到咨询台。</source>
        <translation>The server cannot be reached, so you cannot check in here. Please go to the information desk.</translation>
    </message>
</context>
<context>
    <name>ChecklistScreen</name>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="25"/>
        <source>您的材料清单</source>
        <translation>Your checklist</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="38"/>
        <source>重新回答</source>
        <translation>Answer again</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="41"/>
        <source>打印告知单</source>
        <translation>Print the checklist</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="44"/>
        <source>取号</source>
        <translation>Take a ticket</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="65"/>
        <source> · 承诺办结时限 {n} 个工作日</source>
        <translation> · done within {n} working days</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="70"/>
        <source>需要您带来的材料（{n}项）</source>
        <translation>What to bring ({n})</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="75"/>
        <source>为什么要：{reasons}</source>
        <translation>Why: {reasons}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="78"/>
        <source>不需要提交纸质材料。</source>
        <translation>No paper documents needed.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="83"/>
        <source>窗口打印、您当场签字（{n}项）</source>
        <translation>Printed at the window, you sign there ({n})</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="91"/>
        <source>免提交的材料（{n}项）</source>
        <translation>Not needed on paper ({n})</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="97"/>
        <source>将为您办理的事项（{n}项）</source>
        <translation>What will be handled ({n})</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="112"/>
        <source>清单好了。您需要带 {bring} 项材料，另有 {exempt} 项免提交。可以按“打印告知单”。</source>
        <translation>Your checklist is ready: bring {bring} documents; {exempt} more are not needed on paper. Tap &quot;Print the checklist&quot;.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="135"/>
        <source>本机未连接打印机</source>
        <translation>No printer at this kiosk</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="138"/>
        <source>正在打印告知单，请稍候……</source>
        <translation>Printing the checklist, please wait…</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="139"/>
        <source>告知单已打印，请从出票口取走。</source>
        <translation>Printed. Please take the slip from the printer.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="140"/>
        <source>告知单没有打印出来。请拍下屏幕上的清单，或按“呼叫帮办”。</source>
        <translation>The checklist was not printed. Take a photo of the screen, or tap &quot;Call a helper&quot;.</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <location filename="../../hallui/crash.py" line="112"/>
        <source>温馨提示</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../hallui/crash.py" line="113"/>
        <source>抱歉，系统刚才遇到一点问题，已经为您重新开始。如需帮助，请按“呼叫帮办”。</source>
        <translation>Sorry, something went wrong and the kiosk has started over. For help, tap &quot;Call a helper&quot;.</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../hallui/dialogs.py" line="73"/>
        <source>知道了</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../hallui/dialogs.py" line="81"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../hallui/dialogs.py" line="83"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../kiosk/screens/home.py" line="41"/>
        <source>请选择您要办理的事</source>
        <translation>What do you need to do?</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="43"/>
        <source>我有预约</source>
        <translation>I have an appointment</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="46"/>
        <source>查排队进度</source>
        <translation>My place in the queue</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="49"/>
        <source>评价服务</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="58"/>
        <source>输入事项名称，或点字母查拼音首字母</source>
        <translation>Type a name, or tap the pinyin initials</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="62"/>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="81"/>
        <source>删除</source>
        <translation>Del</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="97"/>
        <source>个人办事</source>
        <translation>Individuals</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="98"/>
        <source>企业办事</source>
        <translation>Businesses</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="137"/>
        <source>您好！请选择您要办理的事，也可以点字母，用拼音首字母查找。需要帮助，请按“呼叫帮办”。</source>
        <translation>Hello! Choose what you need to do, or search by the pinyin initials. For help, tap &quot;Call a helper&quot;.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="157"/>
        <source>“{query}”找到 {n} 项</source>
        <translation>&quot;{query}&quot;: {n} found</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="159"/>
        <source>。换个说法试试，或按“呼叫帮办”请工作人员帮您。</source>
        <translation>. Try other words, or tap &quot;Call a helper&quot;.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="161"/>
        <source>共 {n} 项</source>
        <translation>{n} in all</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="171"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="193"/>
        <source>可生成材料清单</source>
        <translation>checklist available</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="193"/>
        <source>请到窗口咨询</source>
        <translation>ask at the window</translation>
    </message>
</context>
<context>
    <name>KeyPad</name>
    <message>
        <location filename="../../kiosk/screens/keypad.py" line="45"/>
        <source>删除</source>
        <translation>Del</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../kiosk/window.py" line="117"/>
        <source>一窗通 自助服务终端</source>
        <translation>OneWindow self-service kiosk</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="137"/>
        <source>暂时连不上大厅服务器：可以查看办事指南、生成材料清单；取号请到服务台。</source>
        <translation>The hall server cannot be reached: guides and checklists work; for a queue ticket please go to the service desk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="206"/>
        <source>一件事 一次办</source>
        <translation>One thing, done at once</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="210"/>
        <source> · 自助服务</source>
        <translation> · Self-service</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="215"/>
        <source>长辈版</source>
        <translation>Large</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="218"/>
        <source>呼叫帮办</source>
        <translation>Call a helper</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="232"/>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="235"/>
        <source>返回首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="266"/>
        <source>已切换到长辈版，字更大，按钮更大。</source>
        <translation>Large mode: bigger text and buttons.</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="266"/>
        <source>已切换到标准版。</source>
        <translation>Standard mode.</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="276"/>
        <source>暂时连不上大厅服务器：呼叫已记下，连上后马上通知工作人员。您也可以直接到服务台找工作人员。</source>
        <translation>The hall server cannot be reached: your call is recorded and staff will be told as soon as it is back. You can also go to the service desk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="280"/>
        <source>已通知工作人员，请在原地稍候，工作人员马上过来帮您。</source>
        <translation>Staff have been called. Please wait here; someone is coming to help you.</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="317"/>
        <source>您还在吗？如需继续，请触摸屏幕。</source>
        <translation>Are you still there? Touch the screen to continue.</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="329"/>
        <location filename="../../kiosk/window.py" line="331"/>
        <location filename="../../kiosk/window.py" line="340"/>
        <source>管理员退出</source>
        <translation>Administrator exit</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="329"/>
        <source>密码错误次数过多，请稍后再试。</source>
        <translation>Too many wrong PINs. Try again later.</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="331"/>
        <source>请输入管理员密码</source>
        <translation>Enter the administrator PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="340"/>
        <source>密码不正确。</source>
        <translation>Wrong PIN.</translation>
    </message>
</context>
<context>
    <name>PrescanScreen</name>
    <message>
        <location filename="../../kiosk/screens/prescan.py" line="41"/>
        <source>预先扫描材料（可选）</source>
        <translation>Scan documents in advance (optional)</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/prescan.py" line="45"/>
        <source>点一项材料，把它正面朝下放在扫描口，就会扫描并交给窗口。不扫也可以，到窗口交纸质材料。</source>
        <translation>Tap a document, place it face down on the scanner, and it is scanned and passed to the window. You may also skip this and hand in paper at the window.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/prescan.py" line="62"/>
        <source>扫好了，回到我的号码</source>
        <translation>Done, back to my ticket</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/prescan.py" line="83"/>
        <source>预先扫描材料。点一项材料，把它正面朝下放好，就开始扫描。</source>
        <translation>Scan documents in advance. Tap a document and place it face down to start.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/prescan.py" line="114"/>
        <source>已扫 {n} 页 · 已上传（点一下再扫）</source>
        <translation>{n} page(s) scanned · uploaded (tap to scan more)</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/prescan.py" line="115"/>
        <source>已扫 {n} 页 · 等待上传（点一下再扫）</source>
        <translation>{n} page(s) scanned · waiting to upload (tap to scan more)</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/prescan.py" line="120"/>
        <source>已交给窗口：叫到您的号时，窗口工作人员就能看到您扫好的材料。</source>
        <translation>Sent to the window: when your number is called, the clerk sees what you scanned.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/prescan.py" line="124"/>
        <source>扫好的材料已存在本机，连上大厅服务器后自动上传，窗口叫到您的号时就能看到。</source>
        <translation>Your scans are kept on this kiosk and upload by themselves once the hall server is back; the window sees them when your number is called.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/prescan.py" line="126"/>
        <source>正在上传，窗口叫到您的号时就能看到您扫好的材料。</source>
        <translation>Uploading; when your number is called, the window sees what you scanned.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/prescan.py" line="128"/>
        <source>这些材料没能交给窗口：{reason}。请到窗口交纸质材料。</source>
        <translation>These materials could not be sent to the window: {reason}. Please hand in the paper at the window.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/prescan.py" line="129"/>
        <source>服务器不接收</source>
        <translation>the server refused them</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/prescan.py" line="131"/>
        <source>扫好的材料会交给窗口：叫到您的号时，窗口工作人员就能看到。</source>
        <translation>What you scan goes to the window: the clerk sees it when your number is called.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/prescan.py" line="112"/>
        <source>点一下开始扫描</source>
        <translation>Tap to scan</translation>
    </message>
</context>
<context>
    <name>QuestionsScreen</name>
    <message>
        <location filename="../../kiosk/screens/questions.py" line="38"/>
        <source>都不需要，下一题</source>
        <translation>None of these, next</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/questions.py" line="41"/>
        <source>确定，下一题</source>
        <translation>OK, next</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/questions.py" line="56"/>
        <source>{theme} · 第 {n} 题</source>
        <translation>{theme} · question {n}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/questions.py" line="61"/>
        <source>可以选多项，选好后按“确定”。</source>
        <translation>You may choose several, then tap &quot;OK&quot;.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/questions.py" line="83"/>
        <source>第{n}题。{question}</source>
        <translation>Question {n}. {question}</translation>
    </message>
</context>
<context>
    <name>RatingScreen</name>
    <message>
        <location filename="../../kiosk/screens/rating.py" line="42"/>
        <source>评价服务（好差评）</source>
        <extracomment>Reasons to tap (a kiosk has no keyboard for Chinese); the manager&apos;s follow-up starts here.</extracomment>
        <translation>Rate our service</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/rating.py" line="46"/>
        <source>您对这次办事满意吗？</source>
        <translation>Were you satisfied with the service?</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/rating.py" line="58"/>
        <source>请选择不满意的原因（至少一项）</source>
        <translation>Why not? (choose at least one)</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/rating.py" line="74"/>
        <location filename="../../kiosk/screens/rating.py" line="96"/>
        <source>提交评价</source>
        <translation>Send rating</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/rating.py" line="84"/>
        <source>评价服务。请扫描排队票上的二维码，或输入号码和查询码，再选择满意程度。</source>
        <translation>Rate our service. Scan the QR code on your ticket, or enter the number and the check code, then choose how satisfied you were.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/rating.py" line="96"/>
        <source>正在提交……</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/rating.py" line="98"/>
        <source>暂时连不上大厅服务器，现在不能评价，请稍后再试。</source>
        <translation>The hall server cannot be reached, so ratings are not possible now. Please try again later.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/rating.py" line="100"/>
        <location filename="../../kiosk/screens/rating.py" line="129"/>
        <source>谢谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/rating.py" line="102"/>
        <source>我们会尽快回访，并把整改结果告诉您。</source>
        <translation>We will call you back soon and tell you what we have put right.</translation>
    </message>
</context>
<context>
    <name>StatusScreen</name>
    <message>
        <location filename="../../kiosk/screens/queue_status.py" line="27"/>
        <source>查排队进度</source>
        <translation>My place in the queue</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/queue_status.py" line="33"/>
        <location filename="../../kiosk/screens/queue_status.py" line="50"/>
        <source>查询</source>
        <translation>Look up</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/queue_status.py" line="43"/>
        <source>查排队进度。请扫描排队票上的二维码，或输入号码和查询码。</source>
        <translation>Your place in the queue. Scan the QR code on your ticket, or enter the number and the check code.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/queue_status.py" line="50"/>
        <source>正在查询……</source>
        <translation>Looking up…</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/queue_status.py" line="52"/>
        <source>暂时连不上大厅服务器，现在查不了进度。请留意叫号屏，或稍后再试。</source>
        <translation>The hall server cannot be reached. Please watch the call board, or try again later.</translation>
    </message>
</context>
<context>
    <name>TakeTicketScreen</name>
    <message>
        <location filename="../../kiosk/screens/take_ticket.py" line="47"/>
        <source>身份证号（可以不填）</source>
        <translation>ID card number (optional)</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/take_ticket.py" line="49"/>
        <source>填了身份证号，窗口可以直接调出您的信息；也可以把身份证放在读卡区自动读取。</source>
        <translation>With your ID number the window can find your details at once; you can also place your ID card on the reader.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/take_ticket.py" line="59"/>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/take_ticket.py" line="66"/>
        <source>优先办理（符合条件才选）</source>
        <translation>Priority service (only if it applies to you)</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/take_ticket.py" line="83"/>
        <source>我有预约</source>
        <translation>I have an appointment</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/take_ticket.py" line="86"/>
        <location filename="../../kiosk/screens/take_ticket.py" line="148"/>
        <source>取号</source>
        <translation>Take a ticket</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/take_ticket.py" line="101"/>
        <source>取号。身份证号可以不填。符合老年人、残疾人等优先条件的，请选择优先办理，然后按“取号”。</source>
        <translation>Take a ticket. The ID number is optional. If you are an older person, have a disability or another priority applies, choose it, then tap &quot;Take a ticket&quot;.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/take_ticket.py" line="116"/>
        <source>不需要</source>
        <translation>Not needed</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/take_ticket.py" line="131"/>
        <source>取号 · {theme}</source>
        <translation>Ticket · {theme}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/take_ticket.py" line="132"/>
        <source>（未填写）</source>
        <translation>(not entered)</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/take_ticket.py" line="140"/>
        <source>请向窗口出示：{proof}</source>
        <translation>Show at the window: {proof}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/take_ticket.py" line="143"/>
        <source>没有优先条件的，按取号顺序办理。</source>
        <translation>Without a priority, tickets are served in order.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/take_ticket.py" line="148"/>
        <source>正在取号……</source>
        <translation>Taking a ticket…</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/take_ticket.py" line="152"/>
        <source>暂时连不上大厅服务器，本机现在不能取号（不会发放无效的号）。请到服务台取号，或稍后再试。</source>
        <translation>The hall server cannot be reached, so this kiosk cannot issue tickets now (it never issues a ticket that is not valid). Please go to the service desk, or try again later.</translation>
    </message>
</context>
<context>
    <name>ThemeScreen</name>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="35"/>
        <source>回答几个问题，生成我的材料清单</source>
        <translation>Answer a few questions for my checklist</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="39"/>
        <source>直接取号</source>
        <translation>Take a ticket now</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="63"/>
        <source>这件事的自助清单还在完善中。请到综合窗口咨询，或按“呼叫帮办”请工作人员帮您。</source>
        <translation>A self-service checklist is not ready for this yet. Please ask at the window, or tap &quot;Call a helper&quot;.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="78"/>
        <source>{name}。这里是办事指南。回答几个问题，就能生成您的材料清单。</source>
        <translation>{name}. This is the service guide. Answer a few questions to get your checklist.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="81"/>
        <source>{name}。请到综合窗口咨询。</source>
        <translation>{name}. Please ask at the window.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="89"/>
        <source>办理时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="91"/>
        <source>承诺办结时限：{n}个工作日</source>
        <translation>Done within {n} working days</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="93"/>
        <source>办理时限请到窗口咨询</source>
        <translation>Ask at the window about the time limit</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="96"/>
        <source>取件方式：{ways}</source>
        <translation>Results: {ways}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="103"/>
        <source>办理部门</source>
        <translation>Departments</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="105"/>
        <source>牵头部门：{name}</source>
        <translation>Lead: {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="109"/>
        <source>协同部门：{names}</source>
        <translation>With: {names}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="114"/>
        <source>包含的事项（{n}项）</source>
        <translation>Services included ({n})</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="119"/>
        <source>即办</source>
        <translation>same day</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="121"/>
        <source>承诺{n}个工作日</source>
        <translation>{n} working days</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="123"/>
        <source>视情形办理</source>
        <translation>if applicable</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="128"/>
        <source>可能需要的材料（{n}项）</source>
        <translation>Documents that may be needed ({n})</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="129"/>
        <source>回答问题后，会告诉您哪些要带、哪些免提交。</source>
        <translation>Answer the questions to learn which to bring and which are not needed.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="139"/>
        <source>免提交：{way}</source>
        <translation>Not needed on paper: {way}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="140"/>
        <source>{form}{copies}份</source>
        <translation>{form}, {copies}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="142"/>
        <source>（视情形需要）</source>
        <translation> (if applicable)</translation>
    </message>
</context>
<context>
    <name>TicketKeyCard</name>
    <message>
        <location filename="../../kiosk/screens/ticket_key.py" line="19"/>
        <source>排队票上的号码和查询码</source>
        <translation>Number and check code on your ticket</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_key.py" line="22"/>
        <source>把排队票下方的二维码对准扫码口，或点下面的格子再用按键输入。</source>
        <translation>Hold the QR code at the bottom of your ticket to the scanner, or tap the boxes below and type.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_key.py" line="44"/>
        <source>号码：{v}</source>
        <translation>Number: {v}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_key.py" line="45"/>
        <source>查询码：{v}</source>
        <translation>Check code: {v}</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="36"/>
        <location filename="../../kiosk/screens/ticket_issued.py" line="113"/>
        <source>取号成功，您的号码是</source>
        <translation>Your number is</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="41"/>
        <source>排队情况</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="65"/>
        <source>重新打印</source>
        <translation>Print again</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="69"/>
        <source>先扫描材料（可选）</source>
        <translation>Scan documents first (optional)</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="73"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="89"/>
        <source>前面没有人等候</source>
        <translation>Nobody ahead of you</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="91"/>
        <source>前面还有{n}人</source>
        <translation>{n} ahead of you</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="93"/>
        <source>签到成功，您的号码是 {number}，{ahead}。请留意叫号。</source>
        <translation>You are checked in. Your number is {number}, {ahead}. Please watch for your call.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="97"/>
        <source>您的预约时段已过，这张号按现场取号排队。</source>
        <translation>Your appointment time has passed, so this ticket queues like a walk-in ticket.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="99"/>
        <source>取号成功，您的号码是 {number}，{ahead}。请留意叫号。</source>
        <translation>Your number is {number}, {ahead}. Please watch for your call.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="111"/>
        <source>签到成功，您的号码是</source>
        <translation>Checked in. Your number is</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="118"/>
        <source>预约 {start}–{end}</source>
        <translation>Appointment {start}–{end}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="121"/>
        <source>您的预约时段已过，这张号按现场取号排队，请留意叫号。</source>
        <translation>Your appointment time has passed, so this ticket queues like a walk-in ticket. Please watch for your call.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="127"/>
        <source>前面没有人等候，请留意叫号</source>
        <translation>Nobody ahead of you; please watch for your call</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="129"/>
        <source>前面还有 {n} 人等候</source>
        <translation>{n} people ahead of you</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="131"/>
        <source>预计很快叫到您</source>
        <translation>You will be called soon</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="133"/>
        <source>预计等候约 {m} 分钟</source>
        <translation>About {m} minutes to wait</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="135"/>
        <source>等候时间请留意叫号屏</source>
        <translation>Please watch the call board</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="139"/>
        <source>办理窗口：{w}号窗口</source>
        <translation>Window {w}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="141"/>
        <source>办理窗口：请留意叫号屏</source>
        <translation>Window: see the call board</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="145"/>
        <source>查询码 {code}：凭号码和查询码可在本机查进度、评价服务</source>
        <translation>Check code {code}: with your number and this code you can see your place and rate the service here</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="151"/>
        <source>优先办理：请向窗口出示{proof}</source>
        <translation>Priority: show {proof} at the window</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="159"/>
        <source>本机未连接打印机，请记下您的号码和查询码。</source>
        <translation>No printer at this kiosk: please note your number and check code.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="162"/>
        <source>正在打印排队票……</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/ticket_issued.py" line="221"/>
        <source>排队票没有打印出来。您的号码 {n} 已取号成功、仍然有效，请记下号码。</source>
        <translation>The ticket was not printed. Your number {n} is issued and valid; please note it.</translation>
    </message>
</context>
</TS>
