<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
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
        <location filename="../../kiosk/screens/checklist.py" line="62"/>
        <source> · 承诺办结时限 {n} 个工作日</source>
        <translation> · done within {n} working days</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="67"/>
        <source>需要您带来的材料（{n}项）</source>
        <translation>What to bring ({n})</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="72"/>
        <source>为什么要：{reasons}</source>
        <translation>Why: {reasons}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="75"/>
        <source>不需要提交纸质材料。</source>
        <translation>No paper documents needed.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="79"/>
        <source>免提交的材料（{n}项）</source>
        <translation>Not needed on paper ({n})</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="85"/>
        <source>将为您办理的事项（{n}项）</source>
        <translation>What will be handled ({n})</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="99"/>
        <source>清单好了。您需要带 {bring} 项材料，另有 {exempt} 项免提交。可以按“打印告知单”。</source>
        <translation>Your checklist is ready: bring {bring} documents; {exempt} more are not needed on paper. Tap &quot;Print the checklist&quot;.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="122"/>
        <source>本机未连接打印机</source>
        <translation>No printer at this kiosk</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="125"/>
        <source>正在打印告知单，请稍候……</source>
        <translation>Printing the checklist, please wait…</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="126"/>
        <source>告知单已打印，请从出票口取走。</source>
        <translation>Printed. Please take the slip from the printer.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/checklist.py" line="127"/>
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
        <location filename="../../kiosk/screens/home.py" line="40"/>
        <source>请选择您要办理的事</source>
        <translation>What do you need to do?</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="46"/>
        <source>输入事项名称，或点字母查拼音首字母</source>
        <translation>Type a name, or tap the pinyin initials</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="50"/>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="69"/>
        <source>删除</source>
        <translation>Del</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="85"/>
        <source>个人办事</source>
        <translation>Individuals</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="86"/>
        <source>企业办事</source>
        <translation>Businesses</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="125"/>
        <source>您好！请选择您要办理的事，也可以点字母，用拼音首字母查找。需要帮助，请按“呼叫帮办”。</source>
        <translation>Hello! Choose what you need to do, or search by the pinyin initials. For help, tap &quot;Call a helper&quot;.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="141"/>
        <source>“{query}”找到 {n} 项</source>
        <translation>&quot;{query}&quot;: {n} found</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="143"/>
        <source>。换个说法试试，或按“呼叫帮办”请工作人员帮您。</source>
        <translation>. Try other words, or tap &quot;Call a helper&quot;.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="145"/>
        <source>共 {n} 项</source>
        <translation>{n} in all</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="155"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="177"/>
        <source>可生成材料清单</source>
        <translation>checklist available</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/home.py" line="177"/>
        <source>请到窗口咨询</source>
        <translation>ask at the window</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../kiosk/window.py" line="91"/>
        <source>一窗通 自助服务终端</source>
        <translation>OneWindow self-service kiosk</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="107"/>
        <source>暂时连不上大厅服务器：可以查看办事指南、生成材料清单；取号请到服务台。</source>
        <translation>The hall server cannot be reached: guides and checklists work; for a queue ticket please go to the service desk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="155"/>
        <source>一件事 一次办</source>
        <translation>One thing, done at once</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="158"/>
        <source> · 自助服务</source>
        <translation> · Self-service</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="162"/>
        <source>长辈版</source>
        <translation>Large</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="166"/>
        <source>呼叫帮办</source>
        <translation>Call a helper</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="177"/>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="180"/>
        <source>返回首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="210"/>
        <source>已切换到长辈版，字更大，按钮更大。</source>
        <translation>Large mode: bigger text and buttons.</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="210"/>
        <source>已切换到标准版。</source>
        <translation>Standard mode.</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="214"/>
        <source>已通知工作人员，请在原地稍候，工作人员马上过来帮您。</source>
        <translation>Staff have been called. Please wait here; someone is coming to help you.</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="249"/>
        <source>您还在吗？如需继续，请触摸屏幕。</source>
        <translation>Are you still there? Touch the screen to continue.</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="261"/>
        <location filename="../../kiosk/window.py" line="263"/>
        <location filename="../../kiosk/window.py" line="272"/>
        <source>管理员退出</source>
        <translation>Administrator exit</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="261"/>
        <source>密码错误次数过多，请稍后再试。</source>
        <translation>Too many wrong PINs. Try again later.</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="263"/>
        <source>请输入管理员密码</source>
        <translation>Enter the administrator PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/window.py" line="272"/>
        <source>密码不正确。</source>
        <translation>Wrong PIN.</translation>
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
    <name>ThemeScreen</name>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="35"/>
        <source>回答几个问题，生成我的材料清单</source>
        <translation>Answer a few questions for my checklist</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="60"/>
        <source>这件事的自助清单还在完善中。请到综合窗口咨询，或按“呼叫帮办”请工作人员帮您。</source>
        <translation>A self-service checklist is not ready for this yet. Please ask at the window, or tap &quot;Call a helper&quot;.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="74"/>
        <source>{name}。这里是办事指南。回答几个问题，就能生成您的材料清单。</source>
        <translation>{name}. This is the service guide. Answer a few questions to get your checklist.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="77"/>
        <source>{name}。请到综合窗口咨询。</source>
        <translation>{name}. Please ask at the window.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="85"/>
        <source>办理时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="87"/>
        <source>承诺办结时限：{n}个工作日</source>
        <translation>Done within {n} working days</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="89"/>
        <source>办理时限请到窗口咨询</source>
        <translation>Ask at the window about the time limit</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="92"/>
        <source>取件方式：{ways}</source>
        <translation>Results: {ways}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="99"/>
        <source>办理部门</source>
        <translation>Departments</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="101"/>
        <source>牵头部门：{name}</source>
        <translation>Lead: {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="105"/>
        <source>协同部门：{names}</source>
        <translation>With: {names}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="110"/>
        <source>包含的事项（{n}项）</source>
        <translation>Services included ({n})</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="115"/>
        <source>即办</source>
        <translation>same day</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="117"/>
        <source>承诺{n}个工作日</source>
        <translation>{n} working days</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="119"/>
        <source>视情形办理</source>
        <translation>if applicable</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="124"/>
        <source>可能需要的材料（{n}项）</source>
        <translation>Documents that may be needed ({n})</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="125"/>
        <source>回答问题后，会告诉您哪些要带、哪些免提交。</source>
        <translation>Answer the questions to learn which to bring and which are not needed.</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="135"/>
        <source>免提交：{way}</source>
        <translation>Not needed on paper: {way}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="136"/>
        <source>{form}{copies}份</source>
        <translation>{form}, {copies}</translation>
    </message>
    <message>
        <location filename="../../kiosk/screens/theme_page.py" line="138"/>
        <source>（视情形需要）</source>
        <translation> (if applicable)</translation>
    </message>
</context>
</TS>
