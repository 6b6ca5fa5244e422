<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>DisplayText</name>
        <message>
            <location filename="../../ui/displaytext.cpp" line="11" />
            <source>pending</source>
            <translation>排队中</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="12" />
            <source>placing</source>
            <translation>放置中</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="13" />
            <source>creating</source>
            <translation>创建中</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="14" />
            <source>booting</source>
            <translation>启动中</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="15" />
            <location filename="../../ui/displaytext.cpp" line="59" />
            <location filename="../../ui/displaytext.cpp" line="63" />
            <source>running</source>
            <translation>运行中</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="16" />
            <source>paused</source>
            <translation>已暂停</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="17" />
            <source>stopping</source>
            <translation>停止中</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="18" />
            <source>stopped</source>
            <translation>已停止</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="19" />
            <source>sleeping</source>
            <translation>休眠中</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="20" />
            <source>asleep</source>
            <translation>已休眠</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="21" />
            <source>waking</source>
            <translation>唤醒中</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="22" />
            <source>destroying</source>
            <translation>销毁中</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="23" />
            <location filename="../../ui/displaytext.cpp" line="61" />
            <source>failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="24" />
            <location filename="../../ui/displaytext.cpp" line="26" />
            <source>unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="32" />
            <source>connecting</source>
            <translation>连接中</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="33" />
            <source>connected</source>
            <translation>已连接</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="34" />
            <location filename="../../ui/displaytext.cpp" line="36" />
            <source>disconnected</source>
            <translation>已断开</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="42" />
            <source>Create</source>
            <translation>创建</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="44" />
            <source>Start</source>
            <translation>启动</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="46" />
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="48" />
            <source>Destroy</source>
            <translation>销毁</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="50" />
            <source>Add host</source>
            <translation>添加主机</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="52" />
            <source>Remove host</source>
            <translation>移除主机</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="60" />
            <source>succeeded</source>
            <translation>成功</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="69" />
            <source>prepare template</source>
            <translation>准备模板</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="71" />
            <source>place</source>
            <translation>放置</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="73" />
            <source>define</source>
            <translation>定义</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="75" />
            <source>start</source>
            <translation>启动</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="77" />
            <source>ready</source>
            <translation>就绪</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="79" />
            <source>connect</source>
            <translation>连接</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="81" />
            <source>probe</source>
            <translation>探测</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="83" />
            <source>list sandboxes</source>
            <translation>列出沙箱</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="85" />
            <source>stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="87" />
            <source>destroy</source>
            <translation>销毁</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="94" />
            <source>%1 MiB</source>
            <translation>%1 MiB</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="95" />
            <source>%1 GiB</source>
            <translation>%1 GiB</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="102" />
            <source>%1 s</source>
            <translation>%1 秒</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="104" />
            <source>%1 min %2 s</source>
            <translation>%1 分 %2 秒</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="106" />
            <source>%1 h %2 min</source>
            <translation>%1 小时 %2 分</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="107" />
            <source>%1 d %2 h</source>
            <translation>%1 天 %2 小时</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="114" />
            <source>%1 %2 ms</source>
            <translation>%1 %2 毫秒</translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::ActivityPanel</name>
        <message>
            <location filename="../../ui/activitypanel.cpp" line="45" />
            <source>Clear finished</source>
            <translation>清除已完成</translation>
        </message>
        <message>
            <location filename="../../ui/activitypanel.cpp" line="57" />
            <source>Operations</source>
            <translation>操作</translation>
        </message>
        <message>
            <location filename="../../ui/activitypanel.cpp" line="58" />
            <source>Messages</source>
            <translation>消息</translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::AddHostDialog</name>
        <message>
            <location filename="../../ui/addhostdialog.cpp" line="36" />
            <source>Add host</source>
            <translation>添加主机</translation>
        </message>
        <message>
            <location filename="../../ui/addhostdialog.cpp" line="45" />
            <source>Optional, e.g. m.large</source>
            <translation>可选，例如 m.large</translation>
        </message>
        <message>
            <location filename="../../ui/addhostdialog.cpp" line="46" />
            <source>Automatic (probe the host)</source>
            <translation>自动（探测主机）</translation>
        </message>
        <message>
            <location filename="../../ui/addhostdialog.cpp" line="47" />
            <source>KVM</source>
            <translation>KVM</translation>
        </message>
        <message>
            <location filename="../../ui/addhostdialog.cpp" line="48" />
            <source>QEMU (TCG emulation)</source>
            <translation>QEMU（TCG 模拟）</translation>
        </message>
        <message>
            <location filename="../../ui/addhostdialog.cpp" line="53" />
            <source>libvirt &amp;URI:</source>
            <translation>libvirt &amp;URI：</translation>
        </message>
        <message>
            <location filename="../../ui/addhostdialog.cpp" line="54" />
            <source>&amp;Zone:</source>
            <translation>可用区(&amp;Z)：</translation>
        </message>
        <message>
            <location filename="../../ui/addhostdialog.cpp" line="55" />
            <source>&amp;Pool:</source>
            <translation>池(&amp;P)：</translation>
        </message>
        <message>
            <location filename="../../ui/addhostdialog.cpp" line="56" />
            <source>&amp;Instance type:</source>
            <translation>实例类型(&amp;I)：</translation>
        </message>
        <message>
            <location filename="../../ui/addhostdialog.cpp" line="57" />
            <source>&amp;Domain type:</source>
            <translation>域类型(&amp;D)：</translation>
        </message>
        <message>
            <location filename="../../ui/addhostdialog.cpp" line="87" />
            <source>Enter the libvirt URI of the host.</source>
            <translation>请输入主机的 libvirt URI。</translation>
        </message>
        <message>
            <location filename="../../ui/addhostdialog.cpp" line="89" />
            <source>"%1" is not a libvirt URI such as qemu:///system or qemu+ssh://root@host/system.</source>
            <translation>“%1”不是 libvirt URI，应类似 qemu:///system 或 qemu+ssh://root@host/system。</translation>
        </message>
        <message>
            <location filename="../../ui/addhostdialog.cpp" line="91" />
            <source>Enter a zone.</source>
            <translation>请输入可用区。</translation>
        </message>
        <message>
            <location filename="../../ui/addhostdialog.cpp" line="93" />
            <source>Enter a pool.</source>
            <translation>请输入池。</translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::ConsoleActions</name>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="22" />
            <source>Destroy sandboxes</source>
            <translation>销毁沙箱</translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/consoleactions.cpp" line="23" />
            <source>Destroy %n sandbox(es)? Their disks and console logs are deleted.</source>
            <translation>
                <numerusform>要销毁 %n 个沙箱吗？它们的磁盘和控制台日志将被删除。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="39" />
            <source>&amp;New sandbox…</source>
            <translation>新建沙箱(&amp;N)…</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="40" />
            <source>&amp;Start</source>
            <translation>启动(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="41" />
            <source>S&amp;top</source>
            <translation>停止(&amp;T)</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="42" />
            <source>&amp;Force stop</source>
            <translation>强制停止(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="43" />
            <source>&amp;Destroy…</source>
            <translation>销毁(&amp;D)…</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="44" />
            <source>Add &amp;host…</source>
            <translation>添加主机(&amp;H)…</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="46" />
            <source>Create sandboxes from a template (Ctrl+N)</source>
            <translation>从模板创建沙箱（Ctrl+N）</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="47" />
            <source>Power the sandbox off without waiting for its guest</source>
            <translation>直接关闭沙箱电源，不等待客户机</translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/consoleactions.cpp" line="117" />
            <source>Creating %n sandbox(es) from template "%1"</source>
            <translation>
                <numerusform>正在从模板“%1”创建 %n 个沙箱</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="130" />
            <source>Adding host "%1"</source>
            <translation>正在添加主机“%1”</translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/consoleactions.cpp" line="141" />
            <source>Starting %n sandbox(es)</source>
            <translation>
                <numerusform>正在启动 %n 个沙箱</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/consoleactions.cpp" line="150" />
            <source>Stopping %n sandbox(es)</source>
            <translation>
                <numerusform>正在停止 %n 个沙箱</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/consoleactions.cpp" line="159" />
            <source>Destroying %n sandbox(es)</source>
            <translation>
                <numerusform>正在销毁 %n 个沙箱</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::FleetTreeModel</name>
        <message>
            <location filename="../../ui/fleettreemodel.cpp" line="146" />
            <source>%1 / %2 vCPU</source>
            <translation>%1 / %2 vCPU</translation>
        </message>
        <message>
            <location filename="../../ui/fleettreemodel.cpp" line="148" />
            <location filename="../../ui/fleettreemodel.cpp" line="153" />
            <source>%1 / %2</source>
            <translation>%1 / %2</translation>
        </message>
        <message>
            <source>%1 of %2 connected</source>
            <translation>已连接 %1 / %2</translation>
        </message>
        <message>
            <location filename="../../ui/fleettreemodel.cpp" line="189" />
            <source>%1 of %2 hosts connected</source>
            <translation>已连接 %1 / %2 台主机</translation>
        </message>
        <message>
            <location filename="../../ui/fleettreemodel.cpp" line="206" />
            <source>Zone / pool / host</source>
            <translation>可用区 / 池 / 主机</translation>
        </message>
        <message>
            <location filename="../../ui/fleettreemodel.cpp" line="207" />
            <source>Sandboxes</source>
            <translation>沙箱</translation>
        </message>
        <message>
            <location filename="../../ui/fleettreemodel.cpp" line="208" />
            <source>CPU</source>
            <translation>CPU</translation>
        </message>
        <message>
            <location filename="../../ui/fleettreemodel.cpp" line="209" />
            <source>Memory</source>
            <translation>内存</translation>
        </message>
        <message>
            <location filename="../../ui/fleettreemodel.cpp" line="210" />
            <source>Connection</source>
            <translation>连接</translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::InspectorPanel</name>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="46" />
            <source>State:</source>
            <translation>状态：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="46" />
            <source>Sandbox id:</source>
            <translation>沙箱 ID：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="47" />
            <source>Domain:</source>
            <translation>域：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="47" />
            <source>Template:</source>
            <translation>模板：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="48" />
            <source>Host:</source>
            <translation>主机：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="48" />
            <source>Zone:</source>
            <translation>可用区：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="49" />
            <source>Pool:</source>
            <translation>池：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="49" />
            <source>Size:</source>
            <translation>规格：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="50" />
            <source>Created:</source>
            <translation>创建时间：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="50" />
            <source>Started:</source>
            <translation>启动时间：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="51" />
            <source>Cloned from:</source>
            <translation>克隆自：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="51" />
            <source>Failure:</source>
            <translation>失败原因：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="64" />
            <source>Console</source>
            <translation>控制台</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="112" />
            <source>No sandbox selected</source>
            <translation>未选择沙箱</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="112" />
            <source>Sandbox removed</source>
            <translation>沙箱已移除</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="128" />
            <source>%1 vCPU, %2</source>
            <translation>%1 vCPU，%2</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="162" />
            <source>The console cannot be read: %1</source>
            <translation>无法读取控制台：%1</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="170" />
            <source>This host keeps no console log. Simulated hosts run on libvirt&apos;s test driver, which has no serial console.</source>
            <translation>此主机不保留控制台日志。模拟主机运行在 libvirt 的测试驱动上，该驱动没有串行控制台。</translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::MainWindow</name>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="39" />
            <source>Shoal</source>
            <translation>Shoal</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="50" />
            <source>Loading the fleet…</source>
            <translation>正在加载集群…</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="63" />
            <source>Overview</source>
            <translation>概览</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="64" />
            <source>Sandboxes</source>
            <translation>沙箱</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="72" />
            <source>Fleet</source>
            <translation>集群</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="78" />
            <source>Inspector</source>
            <translation>详情</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="84" />
            <source>Activity</source>
            <translation>活动</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="98" />
            <source>Actions</source>
            <translation>操作</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="108" />
            <source>&amp;Fleet</source>
            <translation>集群(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="111" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="114" />
            <source>&amp;Sandbox</source>
            <translation>沙箱(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="126" />
            <source>Hosts: %1, sandboxes: %2</source>
            <translation>主机：%1，沙箱：%2</translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::NewSandboxDialog</name>
        <message>
            <location filename="../../ui/newsandboxdialog.cpp" line="28" />
            <source>New sandbox</source>
            <translation>新建沙箱</translation>
        </message>
        <message>
            <location filename="../../ui/newsandboxdialog.cpp" line="32" />
            <source>%1 (%2 vCPU, %3)</source>
            <translation>%1（%2 vCPU，%3）</translation>
        </message>
        <message>
            <location filename="../../ui/newsandboxdialog.cpp" line="39" />
            <source>Let Shoal choose</source>
            <translation>由 Shoal 选择</translation>
        </message>
        <message>
            <location filename="../../ui/newsandboxdialog.cpp" line="43" />
            <source>%1 (%2, %3)</source>
            <translation>%1（%2，%3）</translation>
        </message>
        <message>
            <location filename="../../ui/newsandboxdialog.cpp" line="51" />
            <source>Generated when empty</source>
            <translation>留空则自动生成</translation>
        </message>
        <message>
            <location filename="../../ui/newsandboxdialog.cpp" line="52" />
            <source>With a count above 1, the sandboxes are named NAME-1, NAME-2 and so on.</source>
            <translation>数量大于 1 时，沙箱依次命名为 名称-1、名称-2 等。</translation>
        </message>
        <message>
            <location filename="../../ui/newsandboxdialog.cpp" line="57" />
            <source>&amp;Template:</source>
            <translation>模板(&amp;T)：</translation>
        </message>
        <message>
            <location filename="../../ui/newsandboxdialog.cpp" line="58" />
            <source>&amp;Host:</source>
            <translation>主机(&amp;H)：</translation>
        </message>
        <message>
            <location filename="../../ui/newsandboxdialog.cpp" line="59" />
            <source>&amp;Count:</source>
            <translation>数量(&amp;C)：</translation>
        </message>
        <message>
            <location filename="../../ui/newsandboxdialog.cpp" line="60" />
            <source>&amp;Name:</source>
            <translation>名称(&amp;N)：</translation>
        </message>
        <message>
            <location filename="../../ui/newsandboxdialog.cpp" line="88" />
            <source>No template is available yet. Wait until the fleet has loaded.</source>
            <translation>暂无可用模板，请等待集群加载完成。</translation>
        </message>
        <message>
            <location filename="../../ui/newsandboxdialog.cpp" line="90" />
            <source>Choose a template.</source>
            <translation>请选择模板。</translation>
        </message>
        <message>
            <location filename="../../ui/newsandboxdialog.cpp" line="92" />
            <source>The count must be between 1 and %1.</source>
            <translation>数量必须在 1 到 %1 之间。</translation>
        </message>
        <message>
            <location filename="../../ui/newsandboxdialog.cpp" line="100" />
            <source>Invalid name: %1</source>
            <translation>名称无效：%1</translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::OperationListModel</name>
        <message>
            <location filename="../../ui/operationlistmodel.cpp" line="32" />
            <source>%1 %</source>
            <translation>%1%</translation>
        </message>
        <message>
            <location filename="../../ui/operationlistmodel.cpp" line="69" />
            <source>Operation</source>
            <translation>操作</translation>
        </message>
        <message>
            <location filename="../../ui/operationlistmodel.cpp" line="70" />
            <source>Target</source>
            <translation>目标</translation>
        </message>
        <message>
            <location filename="../../ui/operationlistmodel.cpp" line="71" />
            <source>Phase</source>
            <translation>阶段</translation>
        </message>
        <message>
            <location filename="../../ui/operationlistmodel.cpp" line="72" />
            <source>Progress</source>
            <translation>进度</translation>
        </message>
        <message>
            <location filename="../../ui/operationlistmodel.cpp" line="73" />
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../../ui/operationlistmodel.cpp" line="74" />
            <source>Phase timings</source>
            <translation>阶段耗时</translation>
        </message>
        <message>
            <location filename="../../ui/operationlistmodel.cpp" line="75" />
            <source>Message</source>
            <translation>消息</translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::OverviewPanel</name>
        <message>
            <location filename="../../ui/overviewpanel.cpp" line="32" />
            <source>Sandboxes per zone, stacked by pool</source>
            <translation>各可用区的沙箱数（按池堆叠）</translation>
        </message>
        <message>
            <location filename="../../ui/overviewpanel.cpp" line="35" />
            <source>Sandboxes</source>
            <translation>沙箱</translation>
        </message>
        <message>
            <location filename="../../ui/overviewpanel.cpp" line="36" />
            <source>Zone</source>
            <translation>可用区</translation>
        </message>
        <message>
            <location filename="../../ui/overviewpanel.cpp" line="103" />
            <source>(no zone)</source>
            <translation>（无可用区）</translation>
        </message>
        <message>
            <location filename="../../ui/overviewpanel.cpp" line="116" />
            <source>(no pool)</source>
            <translation>（无池）</translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::SandboxTableModel</name>
        <message>
            <location filename="../../ui/sandboxtablemodel.cpp" line="124" />
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <location filename="../../ui/sandboxtablemodel.cpp" line="125" />
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../../ui/sandboxtablemodel.cpp" line="126" />
            <source>Host</source>
            <translation>主机</translation>
        </message>
        <message>
            <location filename="../../ui/sandboxtablemodel.cpp" line="127" />
            <source>Zone</source>
            <translation>可用区</translation>
        </message>
        <message>
            <location filename="../../ui/sandboxtablemodel.cpp" line="128" />
            <source>Pool</source>
            <translation>池</translation>
        </message>
        <message>
            <location filename="../../ui/sandboxtablemodel.cpp" line="129" />
            <source>vCPU</source>
            <translation>vCPU</translation>
        </message>
        <message>
            <location filename="../../ui/sandboxtablemodel.cpp" line="130" />
            <source>Memory</source>
            <translation>内存</translation>
        </message>
        <message>
            <location filename="../../ui/sandboxtablemodel.cpp" line="131" />
            <source>Uptime</source>
            <translation>运行时长</translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::SandboxesPanel</name>
        <message>
            <location filename="../../ui/sandboxespanel.cpp" line="23" />
            <source>Filter by name, host, zone, pool or state</source>
            <translation>按名称、主机、可用区、池或状态筛选</translation>
        </message>
    </context>
</TS>
