<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>DisplayText</name>
        <message>
            <location filename="../../ui/displaytext.cpp" line="11" />
            <location filename="../../ui/displaytext.cpp" line="95" />
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
            <location filename="../../ui/displaytext.cpp" line="65" />
            <location filename="../../ui/displaytext.cpp" line="69" />
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
            <location filename="../../ui/displaytext.cpp" line="67" />
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
            <location filename="../../ui/displaytext.cpp" line="54" />
            <source>Sleep</source>
            <translation>休眠</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="56" />
            <source>Wake</source>
            <translation>唤醒</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="58" />
            <source>Clone</source>
            <translation>克隆</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="66" />
            <source>succeeded</source>
            <translation>成功</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="75" />
            <source>prepare template</source>
            <translation>准备模板</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="77" />
            <source>place</source>
            <translation>放置</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="79" />
            <source>define</source>
            <translation>定义</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="81" />
            <source>start</source>
            <translation>启动</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="83" />
            <source>ready</source>
            <translation>就绪</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="85" />
            <source>connect</source>
            <translation>连接</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="87" />
            <source>probe</source>
            <translation>探测</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="89" />
            <source>list sandboxes</source>
            <translation>列出沙箱</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="91" />
            <source>stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="93" />
            <source>destroy</source>
            <translation>销毁</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="97" />
            <source>define and start</source>
            <translation>定义并启动</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="104" />
            <source>%1 MiB</source>
            <translation>%1 MiB</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="105" />
            <source>%1 GiB</source>
            <translation>%1 GiB</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="112" />
            <source>%1 s</source>
            <translation>%1 秒</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="114" />
            <source>%1 min %2 s</source>
            <translation>%1 分 %2 秒</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="116" />
            <source>%1 h %2 min</source>
            <translation>%1 小时 %2 分</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="117" />
            <source>%1 d %2 h</source>
            <translation>%1 天 %2 小时</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="124" />
            <source>%1 %2 ms</source>
            <translation>%1 %2 毫秒</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="131" />
            <source>not selected by the unit</source>
            <translation>不在该单元的选择范围内</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="132" />
            <source>overflow condition not met</source>
            <translation>溢出条件未满足</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="133" />
            <source>unit max reached</source>
            <translation>已达单元上限</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="134" />
            <source>host disconnected or low on disk</source>
            <translation>主机已断开或磁盘空间不足</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="135" />
            <source>CPU model not supported</source>
            <translation>不支持该 CPU 型号</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="136" />
            <source>not enough capacity</source>
            <translation>容量不足</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="137" />
            <source>zone spread limit</source>
            <translation>可用区分布限制</translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/displaytext.cpp" line="150" />
            <source>%1 (%n host(s))</source>
            <translation>
                <numerusform>%1（%n 台主机）</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="155" />
            <source>no host matches its selector</source>
            <translation>没有主机匹配其选择器</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="156" />
            <source>%1: %2</source>
            <translation>%1：%2</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="156" />
            <source>, </source>
            <translation>，</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="164" />
            <source>Waiting in the queue for %1.</source>
            <translation>已在队列中等待 %1。</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="166" />
            <source>Not tried yet.</source>
            <translation>尚未尝试放置。</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="170" />
            <source>Clone of "%1", made on its parent's host.</source>
            <translation>“%1”的克隆，创建在其父沙箱所在的主机上。</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="172" />
            <source>No placement record: made before this database existed, or outside Shoal.</source>
            <translation>没有放置记录：它创建于此数据库之前，或不是由 Shoal 创建的。</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="175" />
            <source>Created on this host by request; no policy applied.</source>
            <translation>按请求在此主机上创建，未应用策略。</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="176" />
            <source>Unit "%1", score %2.</source>
            <translation>单元“%1”，得分 %2。</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="178" />
            <source>Zone spread could not be kept.</source>
            <translation>未能保持可用区均衡分布。</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="180" />
            <source>No other host of the unit had room.</source>
            <translation>该单元中没有其他主机有空余容量。</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="182" />
            <source>Runner-up: %1 (score %2).</source>
            <translation>次优主机：%1（得分 %2）。</translation>
        </message>
        <message>
            <location filename="../../ui/displaytext.cpp" line="185" />
            <source>Waited %1; %2 pending at the time.</source>
            <translation>等待了 %1；当时有 %2 个在排队。</translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::ActivityPanel</name>
        <message>
            <location filename="../../ui/activitypanel.cpp" line="50" />
            <source>Clear finished</source>
            <translation>清除已完成</translation>
        </message>
        <message>
            <location filename="../../ui/activitypanel.cpp" line="62" />
            <source>Operations</source>
            <translation>操作</translation>
        </message>
        <message>
            <location filename="../../ui/activitypanel.cpp" line="63" />
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
            <location filename="../../ui/consoleactions.cpp" line="43" />
            <source>Destroy sandboxes</source>
            <translation>销毁沙箱</translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/consoleactions.cpp" line="44" />
            <source>Destroy %n sandbox(es)? Their disks and console logs are deleted.</source>
            <translation>
                <numerusform>要销毁 %n 个沙箱吗？它们的磁盘和控制台日志将被删除。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="62" />
            <source>&amp;Start</source>
            <translation>启动(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="63" />
            <source>S&amp;top</source>
            <translation>停止(&amp;T)</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="64" />
            <source>&amp;Force stop</source>
            <translation>强制停止(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="65" />
            <source>&amp;Destroy…</source>
            <translation>销毁(&amp;D)…</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="66" />
            <source>Add &amp;host…</source>
            <translation>添加主机(&amp;H)…</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="61" />
            <source>&amp;Launch…</source>
            <translation>启动(&amp;L)…</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="25" />
            <location filename="../../ui/consoleactions.cpp" line="30" />
            <source>Clone ×N</source>
            <translation>克隆 ×N</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="26" />
            <source>Number of clones of "%1":</source>
            <translation>“%1”的克隆数量：</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="31" />
            <source>Name prefix (empty: generated):</source>
            <translation>名称前缀（留空则自动生成）：</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="67" />
            <source>&amp;Policy…</source>
            <translation>策略(&amp;P)…</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="68" />
            <source>Edit the placement policy (Ctrl+Shift+P)</source>
            <translation>编辑放置策略（Ctrl+Shift+P）</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="69" />
            <source>S&amp;leep</source>
            <translation>休眠(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="70" />
            <source>Save the sandbox's memory on its host and stop it (Ctrl+L)</source>
            <translation>将沙箱内存保存在其主机上并停止它（Ctrl+L）</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="71" />
            <source>&amp;Wake</source>
            <translation>唤醒(&amp;W)</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="72" />
            <source>Restore the sandbox exactly where it was (Ctrl+W)</source>
            <translation>将沙箱恢复到休眠时的状态（Ctrl+W）</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="73" />
            <source>&amp;Clone</source>
            <translation>克隆(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="74" />
            <source>Fork the running sandbox: the clone continues from this instant (Ctrl+D)</source>
            <translation>分叉运行中的沙箱：克隆从此刻继续运行（Ctrl+D）</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="75" />
            <source>Clone ×&amp;N…</source>
            <translation>克隆 ×&amp;N…</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="77" />
            <source>Launch sandboxes from a template (Ctrl+N)</source>
            <translation>从模板启动沙箱（Ctrl+N）</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="78" />
            <source>Power the sandbox off without waiting for its guest</source>
            <translation>直接关闭沙箱电源，不等待客户机</translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/consoleactions.cpp" line="178" />
            <source>Creating %n sandbox(es) from template "%1"</source>
            <translation>
                <numerusform>正在从模板“%1”创建 %n 个沙箱</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="189" />
            <source>Applied the placement policy</source>
            <translation>已应用放置策略</translation>
        </message>
        <message>
            <location filename="../../ui/consoleactions.cpp" line="199" />
            <source>Adding host "%1"</source>
            <translation>正在添加主机“%1”</translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/consoleactions.cpp" line="210" />
            <source>Starting %n sandbox(es)</source>
            <translation>
                <numerusform>正在启动 %n 个沙箱</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/consoleactions.cpp" line="219" />
            <source>Stopping %n sandbox(es)</source>
            <translation>
                <numerusform>正在停止 %n 个沙箱</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/consoleactions.cpp" line="228" />
            <source>Destroying %n sandbox(es)</source>
            <translation>
                <numerusform>正在销毁 %n 个沙箱</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/consoleactions.cpp" line="237" />
            <source>Putting %n sandbox(es) to sleep</source>
            <translation>
                <numerusform>正在让 %n 个沙箱休眠</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/consoleactions.cpp" line="246" />
            <source>Waking %n sandbox(es)</source>
            <translation>
                <numerusform>正在唤醒 %n 个沙箱</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/consoleactions.cpp" line="265" />
            <source>Cloning "%1" %n time(s)</source>
            <translation>
                <numerusform>正在克隆“%1”%n 次</numerusform>
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
            <location filename="../../ui/fleettreemodel.cpp" line="190" />
            <source>%1 of %2 hosts connected</source>
            <translation>已连接 %1 / %2 台主机</translation>
        </message>
        <message>
            <location filename="../../ui/fleettreemodel.cpp" line="207" />
            <source>Zone / pool / host</source>
            <translation>可用区 / 池 / 主机</translation>
        </message>
        <message>
            <location filename="../../ui/fleettreemodel.cpp" line="208" />
            <source>Sandboxes</source>
            <translation>沙箱</translation>
        </message>
        <message>
            <location filename="../../ui/fleettreemodel.cpp" line="209" />
            <source>CPU</source>
            <translation>CPU</translation>
        </message>
        <message>
            <location filename="../../ui/fleettreemodel.cpp" line="210" />
            <source>Memory</source>
            <translation>内存</translation>
        </message>
        <message>
            <location filename="../../ui/fleettreemodel.cpp" line="211" />
            <source>Connection</source>
            <translation>连接</translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::InspectorPanel</name>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="47" />
            <source>State:</source>
            <translation>状态：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="47" />
            <source>Sandbox id:</source>
            <translation>沙箱 ID：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="48" />
            <source>Domain:</source>
            <translation>域：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="48" />
            <source>Template:</source>
            <translation>模板：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="49" />
            <source>Host:</source>
            <translation>主机：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="49" />
            <source>Zone:</source>
            <translation>可用区：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="50" />
            <source>Pool:</source>
            <translation>池：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="50" />
            <source>Size:</source>
            <translation>规格：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="51" />
            <source>Created:</source>
            <translation>创建时间：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="51" />
            <source>Started:</source>
            <translation>启动时间：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="52" />
            <source>Cloned from:</source>
            <translation>克隆自：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="52" />
            <source>Failure:</source>
            <translation>失败原因：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="53" />
            <source>Placement:</source>
            <translation>放置：</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="66" />
            <source>Console</source>
            <translation>控制台</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="139" />
            <source>No sandbox selected</source>
            <translation>未选择沙箱</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="139" />
            <source>Sandbox removed</source>
            <translation>沙箱已移除</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="155" />
            <source>%1 vCPU, %2</source>
            <translation>%1 vCPU，%2</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="189" />
            <source>The console cannot be read: %1</source>
            <translation>无法读取控制台：%1</translation>
        </message>
        <message>
            <location filename="../../ui/inspectorpanel.cpp" line="198" />
            <source>This host keeps no console log. Simulated hosts run on libvirt's test driver, which has no serial console.</source>
            <translation>此主机不保留控制台日志。模拟主机运行在 libvirt 的测试驱动上，该驱动没有串行控制台。</translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::MainWindow</name>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="41" />
            <source>Shoal</source>
            <translation>Shoal</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="52" />
            <source>Loading the fleet…</source>
            <translation>正在加载集群…</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="66" />
            <source>Overview</source>
            <translation>概览</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="67" />
            <source>Sandboxes</source>
            <translation>沙箱</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="68" />
            <source>Placement</source>
            <translation>放置</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="88" />
            <source>Fleet</source>
            <translation>集群</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="94" />
            <source>Inspector</source>
            <translation>详情</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="100" />
            <source>Activity</source>
            <translation>活动</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="114" />
            <source>Actions</source>
            <translation>操作</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="129" />
            <source>&amp;Fleet</source>
            <translation>集群(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="133" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="136" />
            <source>&amp;Sandbox</source>
            <translation>沙箱(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="148" />
            <source>Hosts: %1, sandboxes: %2</source>
            <translation>主机：%1，沙箱：%2</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="169" />
            <source>Queue empty</source>
            <translation>队列为空</translation>
        </message>
        <message>
            <location filename="../../ui/mainwindow.cpp" line="170" />
            <source>Pending: %1, oldest %2 s</source>
            <translation>排队：%1，最久 %2 秒</translation>
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
            <source>Placement policy decides (pending queue)</source>
            <translation>由放置策略决定（排队）</translation>
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
        <name>shoal::ui::PlacementPanel</name>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="60" />
            <location filename="../../ui/placementpanel.cpp" line="66" />
            <source>Unit</source>
            <translation>单元</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="60" />
            <source>Hosts</source>
            <translation>主机</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="60" />
            <location filename="../../ui/placementpanel.cpp" line="66" />
            <location filename="../../ui/placementpanel.cpp" line="91" />
            <source>Sandboxes</source>
            <translation>沙箱</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="60" />
            <source>Max</source>
            <translation>上限</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="60" />
            <source>Overflow</source>
            <translation>溢出</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="60" />
            <source>Taking new</source>
            <translation>接受新沙箱</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="64" />
            <source>Compute</source>
            <translation>计算</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="66" />
            <source>Zone</source>
            <translation>可用区</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="75" />
            <source>Edit policy…</source>
            <translation>编辑策略…</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="83" />
            <source>Pending queue and sandboxes per unit</source>
            <translation>排队队列与各单元沙箱数</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="90" />
            <source>Seconds</source>
            <translation>秒</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="102" />
            <source>Where would</source>
            <translation>如果再启动</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="104" />
            <source>more sandboxes of template</source>
            <translation>个沙箱，模板为</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="106" />
            <source>land?</source>
            <translation>，会放在哪里？</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="110" />
            <source>Nothing is created: the calculation runs on a copy of the fleet and the queue.</source>
            <translation>不会创建任何东西：计算在集群和队列的副本上进行。</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="111" />
            <source>What if</source>
            <translation>假设分析</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="160" />
            <source>Computing…</source>
            <translation>正在计算…</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="179" />
            <source>Shoal's default policy</source>
            <translation>Shoal 的默认策略</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="179" />
            <source>the applied policy</source>
            <translation>已应用的策略</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="180" />
            <source>Placement follows %1: units tried in order %2.</source>
            <translation>放置遵循%1：依次尝试单元 %2。</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="187" />
            <source>more than %1 pending</source>
            <translation>排队超过 %1 个</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="189" />
            <source>a wait over %1 s</source>
            <translation>等待超过 %1 秒</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="190" />
            <source>Pending: %1 · oldest waiting %2 s</source>
            <translation>排队：%1 · 最久已等待 %2 秒</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="192" />
            <source> · overflow opens on %1</source>
            <translation> · 溢出开启条件：%1</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="192" />
            <source> or </source>
            <translation> 或 </translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="202" />
            <location filename="../../ui/placementpanel.cpp" line="203" />
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="202" />
            <location filename="../../ui/placementpanel.cpp" line="203" />
            <source>no</source>
            <translation>否</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="254" />
            <source>unit %1</source>
            <translation>单元 %1</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="260" />
            <source>pending</source>
            <translation>排队</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="267" />
            <source>overflow threshold (%1 pending)</source>
            <translation>溢出阈值（排队 %1 个）</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="290" />
            <source>%1 of %2 would be placed now, %3 would stay pending. Overflow: %4.</source>
            <translation>%2 个中有 %1 个会立即放置，%3 个将继续排队。溢出：%4。</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="294" />
            <source>used</source>
            <translation>会使用</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="294" />
            <source>not used</source>
            <translation>不会使用</translation>
        </message>
        <message>
            <location filename="../../ui/placementpanel.cpp" line="296" />
            <source>The %1 already pending go first.</source>
            <translation>已在排队的 %1 个优先。</translation>
        </message>
    </context>
    <context>
        <name>shoal::ui::PolicyDialog</name>
        <message>
            <location filename="../../ui/policydialog.cpp" line="38" />
            <source>Placement policy</source>
            <translation>放置策略</translation>
        </message>
        <message>
            <location filename="../../ui/policydialog.cpp" line="47" />
            <source>Units are tried in order; an overflow unit with "when" takes sandboxes only while its condition holds. The policy in force stays until a valid one is applied.</source>
            <translation>单元按顺序尝试；带“when”的溢出单元仅在其条件成立时接受沙箱。在应用有效策略之前，当前策略保持生效。</translation>
        </message>
        <message>
            <location filename="../../ui/policydialog.cpp" line="68" />
            <source>Applied. New sandboxes are placed under this policy.</source>
            <translation>已应用。新沙箱将按此策略放置。</translation>
        </message>
        <message numerus="yes">
            <location filename="../../ui/policydialog.cpp" line="94" />
            <source>Valid: %n unit(s).</source>
            <translation>
                <numerusform>有效：%n 个单元。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../ui/policydialog.cpp" line="124" />
            <source>Applying…</source>
            <translation>正在应用…</translation>
        </message>
        <message>
            <location filename="../../ui/policydialog.cpp" line="134" />
            <source>Not applied; the policy in force is unchanged. %1</source>
            <translation>未应用；当前策略保持不变。%1</translation>
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