"""Log in (username, password) and pick the window this desk serves. A department user needs
no window: the desk shows the department view."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hallui.widgets import label

__all__ = ["LoginScreen"]


class LoginScreen(QWidget):
    """Signals:

    login_requested(str, str, int): username, password, window number.
    """

    login_requested = Signal(str, str, int)

    def __init__(self, hall_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = QFrame()
        box.setProperty("role", "panel")
        box.setFixedWidth(420)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(label("一窗通 综合窗口", "title"))
        layout.addWidget(label(hall_label, "muted"))
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("login_username")
        self.password = QLineEdit()
        self.password.setObjectName("login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.window_number = QSpinBox()
        self.window_number.setObjectName("login_window")
        self.window_number.setRange(1, 99)
        form.addRow("用户名", self.username)
        form.addRow("密码", self.password)
        form.addRow("窗口号", self.window_number)
        layout.addLayout(form)
        self.button = QPushButton("登录")
        self.button.setObjectName("login_button")
        self.button.setProperty("role", "primary")
        self.button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        layout.addWidget(self.button)
        self.error = label("", "message", name="login_error")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        outer.addWidget(box)

    def _submit(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            self.show_error("请输入用户名和密码。")
            return
        self.button.setEnabled(False)
        self.error.setVisible(False)
        self.login_requested.emit(
            self.username.text().strip(), self.password.text(), self.window_number.value()
        )

    def show_error(self, text: str) -> None:
        self.button.setEnabled(True)
        self.error.setText(text)
        self.error.setVisible(True)
